namespace PiController.Hub.Provisioning.Clusters;

/// <summary>A row of the clusters table: the plan's settings and its state, without its sealed secrets.</summary>
/// <param name="Name">The cluster's name (also its kubeconfig's cluster, context and user name).</param>
/// <param name="Version">The K3s release every node installs.</param>
/// <param name="Config">The settings all servers share.</param>
/// <param name="FixConsent">The user allowed the preflight's reboot fix (<c>--fix</c>).</param>
/// <param name="State">creating, ready, failed or deleting.</param>
/// <param name="HasKubeconfig">The first server's kubeconfig is stored (sealed).</param>
/// <param name="CreatedAt">When the plan was made.</param>
/// <param name="UpdatedAt">When its state last changed.</param>
/// <param name="Origin">provisioned (the hub built it and may uninstall it) or imported (the hub only manages it; deleting forgets it).</param>
internal sealed record ClusterRecord(string Name, string Version, ClusterConfig Config, bool FixConsent, string State, bool HasKubeconfig,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Origin = ClusterOrigins.Provisioned);

/// <summary>Where a cluster came from (migration 12).</summary>
internal static class ClusterOrigins
{
    public const string Provisioned = "provisioned";
    public const string Imported = "imported";
}

/// <summary>The durable settings of a cluster, stored as JSON in the clusters table.</summary>
/// <param name="Disable">Packaged components left out (traefik, servicelb, ...).</param>
internal sealed record ClusterConfig(IReadOnlyList<string> Disable);

/// <summary>The states of a cluster and of its nodes, as stored.</summary>
internal static class ClusterStates
{
    public const string Creating = "creating";
    public const string Ready = "ready";
    public const string Failed = "failed";
    public const string Deleting = "deleting";

    public const string NodePending = "pending";
    public const string NodeInstalling = "installing";
    public const string NodeReady = "ready";
    public const string NodeFailed = "failed";
    public const string NodeRemoving = "removing";
}
