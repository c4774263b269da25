namespace PiController.Hub.Provisioning.Clusters;

/// <summary>POST /api/v1/clusters: a new cluster's plan; with <paramref name="DryRun"/> only shown, nothing stored or changed.</summary>
/// <param name="Name">The cluster's name: a DNS label.</param>
/// <param name="Servers">Node ids or ssh:NAME; 1 or an odd number of 3 or more. The first one initialises the cluster.</param>
/// <param name="Agents">Node ids or ssh:NAME.</param>
/// <param name="Version">The K3s release; null: the newest the hub keeps.</param>
/// <param name="Disable">Packaged components to leave out (traefik, servicelb, ...).</param>
/// <param name="Fix">Consent to the preflight's fix that reboots a node (the memory cgroup flags).</param>
/// <param name="DryRun">Show the plan (every step, preflight results of reachable nodes) and change nothing.</param>
internal sealed record CreateClusterRequest(string? Name, IReadOnlyList<string>? Servers, IReadOnlyList<string>? Agents, string? Version,
    IReadOnlyList<string>? Disable, bool Fix, bool DryRun);

/// <summary>POST /api/v1/clusters/{name}/nodes: nodes that join a cluster.</summary>
/// <param name="Servers">Servers to add (the cluster's server count stays odd).</param>
/// <param name="Agents">Agents to add.</param>
/// <param name="Fix">Consent to the preflight's reboot fix on the new nodes.</param>
internal sealed record AddClusterNodesRequest(IReadOnlyList<string>? Servers, IReadOnlyList<string>? Agents, bool Fix);

/// <summary>POST /api/v1/clusters/{name}/resume: runs a stopped plan again from where it stopped.</summary>
/// <param name="Fix">Consent to the preflight's reboot fix (given now, after a refusal that offered it).</param>
internal sealed record ResumeClusterRequest(bool Fix);
