namespace PiController.Hub.Kube.Upgrades;

/// <summary>POST /api/v1/clusters/{name}/upgrade: upgrade every node to <paramref name="Version"/>; with <paramref name="DryRun"/> only shown.</summary>
/// <param name="Version">The K3s release (the hub must keep it for every node's architecture).</param>
/// <param name="Concurrency">Agents upgraded at once (1-50; default 1). Servers always go one at a time.</param>
/// <param name="DrainTimeoutSeconds">How long a node's drain waits for PodDisruptionBudgets (default 300).</param>
/// <param name="ReadyTimeoutSeconds">How long a node may take to be Ready on the new release before the upgrade stops and puts it back (default 600).</param>
/// <param name="DryRun">Show the plan and change nothing.</param>
internal sealed record UpgradeClusterRequest(string? Version, int? Concurrency, int? DrainTimeoutSeconds, int? ReadyTimeoutSeconds, bool DryRun);

/// <summary>POST /api/v1/clusters/{name}/rollback: return one node to the binary it had before its last upgrade.</summary>
/// <param name="Node">A node id or ssh:NAME of the cluster.</param>
/// <param name="DrainTimeoutSeconds">How long its drain waits for PodDisruptionBudgets (default 300).</param>
/// <param name="ReadyTimeoutSeconds">How long it may take to be Ready on the restored binary (default 600).</param>
/// <param name="DryRun">Show the plan and change nothing.</param>
internal sealed record RollbackNodeRequest(string? Node, int? DrainTimeoutSeconds, int? ReadyTimeoutSeconds, bool DryRun);

/// <summary>An upgrade or rollback as planned (dry-run) or as it stands: its nodes in order, and the whole plan as the CLI prints it.</summary>
/// <param name="Cluster">The cluster.</param>
/// <param name="Run">The run's number; 0 for a plan not carried out.</param>
/// <param name="Kind">upgrade or rollback.</param>
/// <param name="From">The cluster's release before.</param>
/// <param name="To">The release it goes to.</param>
/// <param name="Concurrency">Agents at once.</param>
/// <param name="DrainTimeoutSeconds">How long a drain may wait.</param>
/// <param name="ReadyTimeoutSeconds">How long a node may take to be Ready again.</param>
/// <param name="State">planned, running, done or failed.</param>
/// <param name="Detail">The outcome in a sentence.</param>
/// <param name="Nodes">The nodes in the order they are taken.</param>
/// <param name="Text">The plan as text.</param>
internal sealed record UpgradeView(string Cluster, long Run, string Kind, string From, string To, int Concurrency, int DrainTimeoutSeconds, int ReadyTimeoutSeconds,
    string State, string Detail, IReadOnlyList<UpgradeNodeView> Nodes, string Text);

/// <summary>A node of an upgrade: its role, Kubernetes name, release before, state (pending, running, done, skipped, failed), last step, and after a failure why and what next.</summary>
internal sealed record UpgradeNodeView(string Node, string Role, string KubeNode, string From, string State, string Step, string Error, string NextAction);

/// <summary>cluster.upgrade.step: a step of an upgrade on a node started, waits (a PodDisruptionBudget), ended or failed.</summary>
internal sealed record UpgradeStepPayload(string Cluster, long Run, string Node, string KubeNode, string Step, string State, string Detail, string? NextAction);

/// <summary>cluster.upgrade.changed: an upgrade or rollback began (running), ended (done) or stopped (failed).</summary>
internal sealed record UpgradeChangedPayload(string Cluster, long Run, string Kind, string From, string To, string State, string Detail);
