using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>A node of a cluster's plan: how it is reached, its role, its place in the plan and where it stands.</summary>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="Target">The node (<see cref="NodeTarget.ToString"/>: a node id, or ssh:NAME).</param>
/// <param name="Role">Server or agent.</param>
/// <param name="Ordinal">Its place among the cluster's nodes; the server with the lowest initialises the cluster.</param>
/// <param name="State">pending, installing, ready, failed or removing.</param>
/// <param name="LastError">Why its branch stopped (stderr of the failed step, or the preflight's refusal).</param>
/// <param name="NextAction">What the user does next, in a sentence.</param>
internal sealed record ClusterNodeRecord(string Cluster, NodeTarget Target, K3sRole Role, int Ordinal, string State, string LastError, string NextAction)
{
    public static string RoleText(K3sRole role) => role == K3sRole.Server ? "server" : "agent";
}
