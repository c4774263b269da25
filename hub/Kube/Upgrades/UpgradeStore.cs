using Microsoft.Data.Sqlite;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.State;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>The upgrade_runs and upgrade_nodes tables (migrations 14 and 17): every upgrade and rollback, its nodes and where each stands.</summary>
internal sealed class UpgradeStore(HubDatabase database, TimeProvider time)
{
    private const string RunColumns = "id, cluster, kind, from_version, to_version, concurrency, drain_timeout_ms, ready_timeout_ms, state, detail, started_at, ended_at";
    private const string NodeColumns = "target, role, kube_node, from_version, binary_sha256, images_file, images_sha256, previous_sha256, position, state, step, was_unschedulable, error, next_action";

    /// <summary>Stores a run and its nodes (those already at the release as skipped), running.</summary>
    public long Insert(UpgradePlan plan)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var transaction = database.Begin();
        var id = (long)database.Scalar("""
            INSERT INTO upgrade_runs (cluster, kind, from_version, to_version, concurrency, drain_timeout_ms, ready_timeout_ms, state, started_at)
            VALUES ($c, $k, $f, $t, $n, $d, $ready, 'running', $now) RETURNING id
            """, ("$c", plan.Cluster), ("$k", UpgradeStates.KindText(plan.Kind)), ("$f", plan.From), ("$t", plan.To), ("$n", plan.Concurrency),
            ("$d", (long)plan.DrainTimeout.TotalMilliseconds), ("$ready", (long)plan.ReadyTimeout.TotalMilliseconds), ("$now", now))!;
        for (var i = 0; i < plan.Nodes.Count; i++)
        {
            var node = plan.Nodes[i];
            database.Execute("""
                INSERT INTO upgrade_nodes (run, target, role, position, kube_node, from_version, binary_sha256, images_file, images_sha256, previous_sha256, state, updated_at)
                VALUES ($r, $t, $role, $p, $k, $f, $b, $if, $is, $prev, $s, $now)
                """, ("$r", id), ("$t", node.Target.ToString()), ("$role", ClusterNodeRecord.RoleText(node.Role)), ("$p", i), ("$k", node.KubeNode), ("$f", node.From),
                ("$b", node.Release?.BinarySha256), ("$if", node.Release?.ImagesFileName), ("$is", node.Release?.ImagesSha256), ("$prev", node.PreviousSha256),
                ("$s", node.AlreadyThere ? UpgradeStates.Skipped : UpgradeStates.Pending), ("$now", now));
        }
        transaction.Commit();
        return id;
    }

    public UpgradeRunRecord? Get(long id) =>
        database.Query($"SELECT {RunColumns} FROM upgrade_runs WHERE id = $id", ReadRun, ("$id", id)).SingleOrDefault();

    /// <summary>The cluster's latest run, or null when it was never upgraded.</summary>
    public UpgradeRunRecord? Latest(string cluster) =>
        database.Query($"SELECT {RunColumns} FROM upgrade_runs WHERE cluster = $c ORDER BY id DESC LIMIT 1", ReadRun, ("$c", cluster)).SingleOrDefault();

    public IReadOnlyList<UpgradeRunRecord> Running() =>
        database.Query($"SELECT {RunColumns} FROM upgrade_runs WHERE state = 'running' ORDER BY id", ReadRun);

    public IReadOnlyList<UpgradeNodeRecord> Nodes(long run) =>
        database.Query($"SELECT {NodeColumns} FROM upgrade_nodes WHERE run = $r ORDER BY position", ReadNode, ("$r", run));

    /// <summary>The last upgrade of a cluster that reached this node's binary (done, or failed at or after the swap), or null.</summary>
    public UpgradeNodeRecord? LastUpgradeOf(string cluster, NodeTarget target) => database.Query($"""
        SELECT {NodeColumns} FROM upgrade_nodes
        WHERE run IN (SELECT id FROM upgrade_runs WHERE cluster = $c AND kind = 'upgrade') AND target = $t
          AND (state = 'done' OR (state = 'failed' AND step IN ('swap', 'ready', 'uncordon')))
        ORDER BY run DESC LIMIT 1
        """, ReadNode, ("$c", cluster), ("$t", target.ToString())).SingleOrDefault();

    public void NodeStep(long run, NodeTarget target, string state, string step, string error = "", string nextAction = "") =>
        database.Execute("UPDATE upgrade_nodes SET state = $s, step = $step, error = $e, next_action = $n, updated_at = $now WHERE run = $r AND target = $t",
            ("$s", state), ("$step", step), ("$e", error), ("$n", nextAction), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("$r", run), ("$t", target.ToString()));

    /// <summary>Remembers that the node was cordoned before the run touched it, so it is left cordoned (also after a hub restart).</summary>
    public void WasUnschedulable(long run, NodeTarget target, bool was) =>
        database.Execute("UPDATE upgrade_nodes SET was_unschedulable = $w WHERE run = $r AND target = $t", ("$w", was ? 1 : 0), ("$r", run), ("$t", target.ToString()));

    public void End(long run, string state, string detail) =>
        database.Execute("UPDATE upgrade_runs SET state = $s, detail = $d, ended_at = $now WHERE id = $r",
            ("$s", state), ("$d", detail), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("$r", run));

    private static UpgradeRunRecord ReadRun(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2) == "rollback" ? UpgradeKind.Rollback : UpgradeKind.Upgrade, r.GetString(3), r.GetString(4), r.GetInt32(5),
        TimeSpan.FromMilliseconds(r.GetInt64(6)), TimeSpan.FromMilliseconds(r.GetInt64(7)), r.GetString(8), r.GetString(9),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)), r.IsDBNull(11) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)));

    private static UpgradeNodeRecord ReadNode(SqliteDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var release = Text(4) is { } binary ? new K3sArtifacts(binary, Text(5) ?? "", Text(6) ?? "") : null;
        var state = r.GetString(9);
        var plan = new UpgradeNodePlan(NodeTarget.Parse(r.GetString(0)), r.GetString(1) == "server" ? K3sRole.Server : K3sRole.Agent, r.GetString(2), r.GetString(3),
            release, Text(7), state == UpgradeStates.Skipped);
        return new UpgradeNodeRecord(plan, r.GetInt32(8), state, r.GetString(10), r.GetInt64(11) != 0, r.GetString(12), r.GetString(13));
    }
}
