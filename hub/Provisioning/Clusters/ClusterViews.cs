using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// A cluster as the API shows it: never a secret (the kubeconfig only through its own admin route). Running: a run of
/// its plan is in progress right now. Origin: provisioned (the hub built it) or imported (deleting it forgets it).
/// </summary>
internal sealed record ClusterView(string Name, string Version, string State, bool Running, IReadOnlyList<string> Disable, bool Fix, bool HasKubeconfig,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<ClusterNodeView> Nodes, IReadOnlyList<PlanStepView> Steps, string Origin = ClusterOrigins.Provisioned)
{
    public static ClusterView From(ClusterRecord c, bool running, IReadOnlyList<ClusterNodeRecord> nodes, IReadOnlyList<PlanStepRecord> steps) =>
        new(c.Name, c.Version, c.State, running, c.Config.Disable, c.FixConsent, c.HasKubeconfig, c.CreatedAt, c.UpdatedAt,
            [.. nodes.Select(n => new ClusterNodeView(n.Target.ToString(), ClusterNodeRecord.RoleText(n.Role), n.Ordinal, n.State, n.LastError, n.NextAction))],
            [.. steps.Select(s => new PlanStepView(s.Target, s.Phase, s.Index, s.Description, s.State, s.Changed, s.Output, s.Error, s.ExitCode, s.StartedAt, s.EndedAt))],
            c.Origin);
}

/// <summary>A node of a cluster: its role, its place (the lowest server initialises), its state and, after a failure, why and what to do.</summary>
internal sealed record ClusterNodeView(string Node, string Role, int Ordinal, string State, string LastError, string NextAction);

/// <summary>One step of a node's plan and what it did (secrets masked).</summary>
internal sealed record PlanStepView(string Node, string Phase, int Index, string Description, string State, bool Changed, string Output, string Error,
    int? ExitCode, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt);

/// <summary>
/// A plan as shown before it runs: per node, in the order the plan carries them out, the preflight's findings when
/// the node could be reached, the settings the hub chose with their reasons, and every step exactly (secrets
/// masked); <paramref name="Text"/> is the whole plan as the CLI prints it.
/// </summary>
internal sealed record ClusterPlanView(string Name, string Version, IReadOnlyList<string> Disable, IReadOnlyList<NodePlanView> Nodes, string Text);

/// <param name="Node">A node id or ssh:NAME.</param>
/// <param name="Role">server or agent.</param>
/// <param name="Order">When it runs: "first server: initialises the cluster", "server 2 of 3, after ...", "agent, with the other agents".</param>
/// <param name="Unreachable">Why the node could not be reached; null when it was.</param>
/// <param name="Preflight">The preflight's findings (empty when unreachable).</param>
/// <param name="Defaults">The settings the hub chose for it, with reasons.</param>
/// <param name="Steps">Its steps as <see cref="InstallStepText"/> renders them; empty when they cannot be built yet (<paramref name="Problem"/> says why).</param>
/// <param name="Problem">What keeps the plan from running on this node, when something does.</param>
internal sealed record NodePlanView(string Node, string Role, string Order, string? Unreachable, IReadOnlyList<FindingView> Preflight,
    IReadOnlyList<PlanDefault> Defaults, IReadOnlyList<string> Steps, string? Problem);

/// <summary>One preflight finding: check, level (ok, warning, refusal), message, and whether --fix can repair it.</summary>
internal sealed record FindingView(string Check, string Level, string Message, bool Fixable);

/// <summary>The cluster's admin kubeconfig (admin only; never logged or audited with its content).</summary>
internal sealed record KubeconfigView(string Name, string Kubeconfig);

/// <summary>cluster.step: a step of a plan started or ended. Output and error have every cluster secret masked.</summary>
internal sealed record ClusterStepPayload(string Cluster, string Node, string Phase, int Index, string Step, string State, bool Changed,
    string Output, string Error, int? ExitCode, string? NextAction);

/// <summary>cluster.changed: a cluster's plan changed state (creating, ready, failed, deleting, deleted).</summary>
internal sealed record ClusterChangedPayload(string Cluster, string State, string Detail);
