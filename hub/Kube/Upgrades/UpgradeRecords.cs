namespace PiController.Hub.Kube.Upgrades;

/// <summary>A row of upgrade_runs: one upgrade of a cluster (or one node's rollback) and where it stands.</summary>
/// <param name="Id">The run's number.</param>
/// <param name="Cluster">The cluster.</param>
/// <param name="Kind">upgrade or rollback.</param>
/// <param name="From">The cluster's release when the run began.</param>
/// <param name="To">The release it goes to (for a rollback: the release the node returns to, when known).</param>
/// <param name="Concurrency">How many agents are taken at once.</param>
/// <param name="DrainTimeout">How long a node's drain may wait for PodDisruptionBudgets.</param>
/// <param name="ReadyTimeout">How long a node may take to be Ready again.</param>
/// <param name="State">running, done or failed.</param>
/// <param name="Detail">The outcome in a sentence (for a failure: which node, why, what was put back).</param>
/// <param name="StartedAt">When it began.</param>
/// <param name="EndedAt">When it ended.</param>
internal sealed record UpgradeRunRecord(long Id, string Cluster, UpgradeKind Kind, string From, string To, int Concurrency, TimeSpan DrainTimeout,
    TimeSpan ReadyTimeout, string State, string Detail, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

/// <summary>A row of upgrade_nodes: a node of a run, what it gets, and where it stands.</summary>
/// <param name="Plan">The node as planned (target, role, Kubernetes name, releases).</param>
/// <param name="Position">Its place in the run's order.</param>
/// <param name="State">pending, running, done, skipped (it already ran the target release) or failed.</param>
/// <param name="Step">The last step it reached: cordon, drain, swap, ready, uncordon, restore.</param>
/// <param name="WasUnschedulable">It was cordoned before the run (so the run leaves it cordoned).</param>
/// <param name="Error">Why it failed, and what was put back.</param>
/// <param name="NextAction">What the user does next.</param>
internal sealed record UpgradeNodeRecord(UpgradeNodePlan Plan, int Position, string State, string Step, bool WasUnschedulable, string Error, string NextAction);

/// <summary>The stored states of runs and their nodes.</summary>
internal static class UpgradeStates
{
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Pending = "pending";
    public const string Skipped = "skipped";

    public static string KindText(UpgradeKind kind) => kind == UpgradeKind.Rollback ? "rollback" : "upgrade";
}
