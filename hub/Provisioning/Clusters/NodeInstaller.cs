using System.Text;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// Installs K3s on one node of a running plan and waits until it is Ready: its unit active (and, on a server, its
/// kubeconfig written), bounded by <see cref="ClusterRunnerOptions.ReadyTimeout"/>. A server whose server CA is not
/// the cluster's (K3s of another cluster, found before or after the install) is reported as such, not overwritten.
/// </summary>
internal sealed class NodeInstaller(ClusterStore store, NodeSteps steps, ClusterRunnerOptions options, TimeProvider time)
{
    public async Task InstallAsync(ClusterRecord cluster, NodeLink link, NodePlan plan, ClusterCa ca, ClusterSecrets secrets, CancellationToken cancellationToken)
    {
        var node = link.Node;
        var resume = NodePreflight.Resume(cluster);
        store.SetNodeState(cluster.Name, node.Target, ClusterStates.NodeInstalling);
        if (node.Role == K3sRole.Server)
        {
            await CheckCaAsync(cluster, link, ca, before: true, cancellationToken).ConfigureAwait(false);
        }
        await steps.RunAsync(cluster.Name, link, PlanPhases.Install, plan.Steps, secrets,
            $"fix the cause on {node.Target} (the step's error says what failed), then: {resume}", cancellationToken).ConfigureAwait(false);
        var unit = K3sLayout.Service(node.Role);
        var description = node.Role == K3sRole.Server ? $"wait until {unit} is active and has written its kubeconfig" : $"wait until {unit} is active";
        store.ClearPhase(cluster.Name, node.Target, PlanPhases.Ready);
        store.Prepare(cluster.Name, node.Target, PlanPhases.Ready, [(description, null)]);
        var deadline = time.GetUtcNow() + options.ReadyTimeout;
        while (true)
        {
            var state = await link.Open.ServiceStateAsync(unit, cancellationToken).ConfigureAwait(false);
            var kubeconfig = node.Role == K3sRole.Agent || await link.Open.ReadK3sFileAsync(K3sFile.Kubeconfig, cancellationToken).ConfigureAwait(false) is not null;
            if (state == "active" && kubeconfig)
            {
                steps.Record(cluster.Name, node, PlanPhases.Ready, 0, description, true, $"{unit} is active", "", secrets);
                break;
            }
            if (time.GetUtcNow() > deadline)
            {
                var error = $"K3s is installed on {node.Target} but not Ready after {options.ReadyTimeout.TotalSeconds:0} s: {unit} is {state}" +
                    (kubeconfig ? "" : ", and it has written no kubeconfig yet");
                var next = $"look at journalctl -u {unit} on the node and fix the cause, then: {resume} (or take it out: pi-controller cluster remove-node {cluster.Name} {node.Target})";
                steps.Record(cluster.Name, node, PlanPhases.Ready, 0, description, false, "", error, secrets, next);
                throw new NodeBranchFailed("half-installed: " + error, next);
            }
            await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
        if (node.Role == K3sRole.Server)
        {
            await CheckCaAsync(cluster, link, ca, before: false, cancellationToken).ConfigureAwait(false);
        }
        store.SetNodeState(cluster.Name, node.Target, ClusterStates.NodeReady);
    }

    private static async Task CheckCaAsync(ClusterRecord cluster, NodeLink link, ClusterCa ca, bool before, CancellationToken cancellationToken)
    {
        var found = await link.Open.ReadK3sFileAsync(K3sFile.ServerCa, cancellationToken).ConfigureAwait(false);
        var expected = Encoding.ASCII.GetString(ca.ServerCaBundle);
        if ((found is null && before) || (found is not null && Normalize(found) == Normalize(expected)))
        {
            return;
        }
        var node = link.Node.Target;
        throw found is null
            ? new NodeBranchFailed($"half-installed: K3s runs on {node} but has no server CA at {K3sFiles.PathOf(K3sFile.ServerCa)}",
                $"remove K3s from it (pi-controller cluster remove-node {cluster.Name} {node}), then add it again")
            : new NodeBranchFailed($"{node} already runs K3s of another cluster: its server CA ({K3sFiles.PathOf(K3sFile.ServerCa)}) is not cluster {cluster.Name}'s; nothing was changed on it",
                $"remove that K3s first (pi-controller cluster remove-node OTHER-CLUSTER {node}, or k3s-uninstall.sh on the node), then: {NodePreflight.Resume(cluster)}");
    }

    private static string Normalize(string pem) => pem.Replace("\r", "", StringComparison.Ordinal).Trim();
}
