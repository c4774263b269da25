using System.Text.Json;
using Microsoft.Data.Sqlite;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.State;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// The clusters, cluster_nodes and plan_steps tables (migration 10). The sealed columns are written and read only
/// through <see cref="ClusterVault"/>; nothing here opens them.
/// </summary>
internal sealed class ClusterStore(HubDatabase database, TimeProvider time)
{
    private const string ClusterColumns = "name, k3s_version, config, fix_consent, state, sealed_kubeconfig IS NOT NULL, created_at, updated_at, origin";
    private const string NodeColumns = "cluster, target, role, ordinal, state, last_error, next_action";
    private const string StepColumns = "target, phase, step_index, description, state, changed, path, output, error, exit_code, started_at, ended_at";

    public HubDatabase Database => database;

    public void Insert(string name, string version, ClusterConfig config, bool fixConsent, string sealedTrust)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        database.Execute("""
            INSERT INTO clusters (name, k3s_version, config, sealed_trust, fix_consent, state, created_at, updated_at)
            VALUES ($name, $version, $config, $trust, $fix, 'creating', $now, $now)
            """, ("$name", name), ("$version", version), ("$config", JsonSerializer.Serialize(config, ClusterTrustJsonContext.Default.ClusterConfig)),
            ("$trust", sealedTrust), ("$fix", fixConsent ? 1 : 0), ("$now", now));
    }

    /// <summary>Stores a cluster the hub did not build (migration 12): ready, with its kubeconfig and no trust of its own.</summary>
    public void InsertImported(string name, string version, string sealedKubeconfig)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        database.Execute("""
            INSERT INTO clusters (name, k3s_version, config, sealed_trust, sealed_kubeconfig, state, origin, created_at, updated_at)
            VALUES ($name, $version, $config, '', $kubeconfig, 'ready', 'imported', $now, $now)
            """, ("$name", name), ("$version", version), ("$config", JsonSerializer.Serialize(new ClusterConfig([]), ClusterTrustJsonContext.Default.ClusterConfig)),
            ("$kubeconfig", sealedKubeconfig), ("$now", now));
    }

    public IReadOnlyList<ClusterRecord> List() =>
        database.Query($"SELECT {ClusterColumns} FROM clusters ORDER BY name", ReadCluster);

    public ClusterRecord? Get(string name) =>
        database.Query($"SELECT {ClusterColumns} FROM clusters WHERE name = $name", ReadCluster, ("$name", name)).SingleOrDefault();

    public string SealedTrust(string name) =>
        (string?)database.Scalar("SELECT sealed_trust FROM clusters WHERE name = $name", ("$name", name)) ?? "";

    public string? SealedKubeconfig(string name) =>
        (string?)database.Scalar("SELECT sealed_kubeconfig FROM clusters WHERE name = $name", ("$name", name));

    public void SetKubeconfig(string name, string sealedKubeconfig) =>
        database.Execute("UPDATE clusters SET sealed_kubeconfig = $k WHERE name = $name", ("$k", sealedKubeconfig), ("$name", name));

    public void SetState(string name, string state, bool? fixConsent = null) =>
        database.Execute("UPDATE clusters SET state = $state, fix_consent = COALESCE($fix, fix_consent), updated_at = $now WHERE name = $name",
            ("$state", state), ("$fix", fixConsent is null ? null : fixConsent.Value ? 1 : 0), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("$name", name));

    /// <summary>The release every node of the cluster runs, after an upgrade took them all there.</summary>
    public void SetVersion(string name, string version) =>
        database.Execute("UPDATE clusters SET k3s_version = $v, updated_at = $now WHERE name = $name",
            ("$v", version), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("$name", name));

    public int Delete(string name) => database.Execute("DELETE FROM clusters WHERE name = $name", ("$name", name));

    public void AddNode(string cluster, NodeTarget target, K3sRole role, int ordinal) =>
        database.Execute("INSERT INTO cluster_nodes (cluster, target, role, ordinal, state) VALUES ($c, $t, $r, $o, 'pending')",
            ("$c", cluster), ("$t", target.ToString()), ("$r", ClusterNodeRecord.RoleText(role)), ("$o", ordinal));

    public IReadOnlyList<ClusterNodeRecord> Nodes(string cluster) =>
        database.Query($"SELECT {NodeColumns} FROM cluster_nodes WHERE cluster = $c ORDER BY ordinal", ReadNode, ("$c", cluster));

    /// <summary>The cluster a node belongs to, or null.</summary>
    public string? ClusterOf(NodeTarget target) =>
        (string?)database.Scalar("SELECT cluster FROM cluster_nodes WHERE target = $t", ("$t", target.ToString()));

    public void SetNodeState(string cluster, NodeTarget target, string state, string lastError = "", string nextAction = "") =>
        database.Execute("UPDATE cluster_nodes SET state = $s, last_error = $e, next_action = $n WHERE cluster = $c AND target = $t",
            ("$s", state), ("$e", lastError), ("$n", nextAction), ("$c", cluster), ("$t", target.ToString()));

    public void RemoveNode(string cluster, NodeTarget target)
    {
        using var transaction = database.Begin();
        database.Execute("DELETE FROM plan_steps WHERE cluster = $c AND target = $t", ("$c", cluster), ("$t", target.ToString()));
        database.Execute("DELETE FROM cluster_nodes WHERE cluster = $c AND target = $t", ("$c", cluster), ("$t", target.ToString()));
        transaction.Commit();
    }

    public IReadOnlyList<PlanStepRecord> Steps(string cluster, NodeTarget? target = null, string? phase = null) =>
        database.Query($"""
            SELECT {StepColumns} FROM plan_steps WHERE cluster = $c AND ($t IS NULL OR target = $t) AND ($p IS NULL OR phase = $p)
            ORDER BY rowid
            """, ReadStep, ("$c", cluster), ("$t", target?.ToString()), ("$p", phase));

    /// <summary>
    /// Makes the stored steps of a node's phase match <paramref name="descriptions"/>: steps whose description is
    /// unchanged keep their state (a resumed plan skips what is done); from the first that differs on, the stored
    /// ones are replaced by pending ones.
    /// </summary>
    public IReadOnlyList<PlanStepRecord> Prepare(string cluster, NodeTarget target, string phase, IReadOnlyList<(string Description, string? Path)> descriptions)
    {
        using var transaction = database.Begin();
        var stored = Steps(cluster, target, phase);
        var same = 0;
        while (same < stored.Count && same < descriptions.Count && stored[same].Description == descriptions[same].Description)
        {
            same++;
        }
        database.Execute("DELETE FROM plan_steps WHERE cluster = $c AND target = $t AND phase = $p AND step_index >= $i",
            ("$c", cluster), ("$t", target.ToString()), ("$p", phase), ("$i", same));
        for (var i = same; i < descriptions.Count; i++)
        {
            database.Execute("""
                INSERT INTO plan_steps (cluster, target, phase, step_index, description, state, path) VALUES ($c, $t, $p, $i, $d, 'pending', $path)
                """, ("$c", cluster), ("$t", target.ToString()), ("$p", phase), ("$i", i), ("$d", descriptions[i].Description), ("$path", descriptions[i].Path));
        }
        transaction.Commit();
        return Steps(cluster, target, phase);
    }

    /// <summary>Forgets a node's steps of one phase (a preflight is read again on every run).</summary>
    public void ClearPhase(string cluster, NodeTarget target, string phase) =>
        database.Execute("DELETE FROM plan_steps WHERE cluster = $c AND target = $t AND phase = $p", ("$c", cluster), ("$t", target.ToString()), ("$p", phase));

    public void StepStarted(string cluster, NodeTarget target, string phase, int index) =>
        database.Execute("""
            UPDATE plan_steps SET state = 'running', started_at = $now, ended_at = NULL, output = '', error = '', exit_code = NULL
            WHERE cluster = $c AND target = $t AND phase = $p AND step_index = $i
            """, ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("$c", cluster), ("$t", target.ToString()), ("$p", phase), ("$i", index));

    public void StepEnded(string cluster, NodeTarget target, string phase, int index, bool succeeded, bool changed, string output, string error, int? exitCode) =>
        database.Execute("""
            UPDATE plan_steps SET state = $s, changed = $ch, output = $o, error = $e, exit_code = $x, ended_at = $now
            WHERE cluster = $c AND target = $t AND phase = $p AND step_index = $i
            """, ("$s", succeeded ? PlanPhases.Done : PlanPhases.Failed), ("$ch", changed ? 1 : 0), ("$o", output), ("$e", error), ("$x", exitCode),
            ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("$c", cluster), ("$t", target.ToString()), ("$p", phase), ("$i", index));

    private static ClusterRecord ReadCluster(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1),
        JsonSerializer.Deserialize(r.GetString(2), ClusterTrustJsonContext.Default.ClusterConfig) ?? new ClusterConfig([]),
        r.GetInt64(3) != 0, r.GetString(4), r.GetInt64(5) != 0,
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)), r.GetString(8));

    private static ClusterNodeRecord ReadNode(SqliteDataReader r) => new(
        r.GetString(0), NodeTarget.Parse(r.GetString(1)), r.GetString(2) == "server" ? K3sRole.Server : K3sRole.Agent,
        r.GetInt32(3), r.GetString(4), r.GetString(5), r.GetString(6));

    private static PlanStepRecord ReadStep(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4), r.GetInt64(5) != 0,
        r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), r.GetString(8), r.IsDBNull(9) ? null : r.GetInt32(9),
        r.IsDBNull(10) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
        r.IsDBNull(11) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)));
}
