using System.Text.Json;
using PiController.Hub.State;

namespace PiController.Hub.Kube.Policy;

/// <summary>
/// The cluster_policies table (migration 15), written only here: one row per cluster whose policy was ever set,
/// the policy as JSON; a cluster without a row has <see cref="ClusterPolicy.Default"/>. The row goes with its cluster.
/// </summary>
internal sealed class ClusterPolicyStore(HubDatabase database, TimeProvider time)
{
    public ClusterPolicy Get(string cluster) =>
        database.Scalar("SELECT policy FROM cluster_policies WHERE cluster = $c", ("$c", cluster)) is string json
            ? JsonSerializer.Deserialize(json, PolicyJsonContext.Default.ClusterPolicy) ?? ClusterPolicy.Default
            : ClusterPolicy.Default;

    public void Set(string cluster, ClusterPolicy policy) =>
        database.Execute("""
            INSERT INTO cluster_policies (cluster, policy, updated_at) VALUES ($c, $p, $now)
            ON CONFLICT (cluster) DO UPDATE SET policy = $p, updated_at = $now
            """, ("$c", cluster), ("$p", JsonSerializer.Serialize(policy, PolicyJsonContext.Default.ClusterPolicy)),
            ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));
}
