using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>Uninstalls K3s from one node (<see cref="K3sUninstall.Steps"/>) and, when every step is done, forgets it; a failure keeps it marked for removal with the error and what to do.</summary>
internal sealed class NodeRemoval(ClusterStore store, NodeSteps steps, NodeTransports transports)
{
    public async Task<bool> RemoveAsync(ClusterRecord cluster, ClusterNodeRecord node, ClusterSecrets secrets, CancellationToken cancellationToken)
    {
        var again = cluster.State == ClusterStates.Deleting ? $"pi-controller cluster delete {cluster.Name}" : $"pi-controller cluster remove-node {cluster.Name} {node.Target}";
        store.SetNodeState(cluster.Name, node.Target, ClusterStates.NodeRemoving);
        await using var link = new NodeLink(node, transports);
        try
        {
            if (!await link.ReachAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new NodeBranchFailed($"{node.Target} cannot be reached: {link.Unreachable}", $"make it reachable, then run again: {again}");
            }
            await steps.RunAsync(cluster.Name, link, PlanPhases.Uninstall, K3sUninstall.Steps(node.Role), secrets,
                $"fix the cause on {node.Target}, then run again: {again}", cancellationToken).ConfigureAwait(false);
            store.RemoveNode(cluster.Name, node.Target);
            return true;
        }
        catch (NodeBranchFailed e)
        {
            store.SetNodeState(cluster.Name, node.Target, ClusterStates.NodeRemoving, e.Message, e.NextAction);
            return false;
        }
        catch (NodeUnreachableException e)
        {
            store.SetNodeState(cluster.Name, node.Target, ClusterStates.NodeRemoving, e.Message, $"make it reachable, then run again: {again}");
            return false;
        }
    }
}
