using System.Globalization;
using System.Text;
using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>An upgrade or rollback as the CLI prints it before it runs: the order, what happens to each node, and every step the node's transport carries out.</summary>
internal static class UpgradePlanText
{
    public static string Render(UpgradePlan plan)
    {
        var text = new StringBuilder();
        var drain = $"drain (evictions; a PodDisruptionBudget is waited for up to {plan.DrainTimeout.TotalSeconds:0} s; DaemonSet and mirror pods stay)";
        var ready = $"up to {plan.ReadyTimeout.TotalSeconds:0} s";
        if (plan.Kind == UpgradeKind.Rollback)
        {
            text.Append(CultureInfo.InvariantCulture, $"Rollback in cluster {plan.Cluster} to the binary kept before the last upgrade{(plan.To.Length > 0 ? $" (K3s {plan.To})" : "")}\n");
            text.Append(CultureInfo.InvariantCulture, $"The node: cordon, {drain}, put the previous binary back, restart its unit, wait until Ready ({ready}), uncordon.\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"Upgrade of cluster {plan.Cluster} from K3s {plan.From} to {plan.To}\n");
            text.Append(CultureInfo.InvariantCulture, $"Each node in turn: cordon, {drain}, place the new release (the previous binary kept as {K3sLayout.Binary}.previous), restart its unit, ")
                .Append(CultureInfo.InvariantCulture, $"wait until Ready on the new kubelet version ({ready}; servers: and etcd healthy), uncordon. The first failure stops the upgrade and puts that node back ")
                .Append("as it was (previous binary, unit restarted, uncordoned).\n");
        }
        var position = 0;
        Section(text, "Servers, one at a time:", plan.Nodes.Where(n => n.Role == K3sRole.Server && !n.AlreadyThere), ref position);
        Section(text, plan.Concurrency == 1 ? "Agents, one at a time:" : $"Agents, {plan.Concurrency} at a time:", plan.Nodes.Where(n => n.Role == K3sRole.Agent && !n.AlreadyThere), ref position);
        var there = plan.Nodes.Where(n => n.AlreadyThere).Select(n => n.Target.ToString()).ToList();
        if (there.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Already on {plan.To} (left alone): {string.Join(", ", there)}\n");
        }
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, IEnumerable<UpgradeNodePlan> nodes, ref int position)
    {
        var list = nodes.ToList();
        if (list.Count == 0)
        {
            return;
        }
        text.Append('\n').Append(title).Append('\n');
        foreach (var node in list)
        {
            text.Append(CultureInfo.InvariantCulture, $"{++position,3}. {node.Target} (Kubernetes node {node.KubeNode}, now {node.From})\n");
            foreach (var step in node.SwapSteps())
            {
                // The restart is always due in an upgrade: the node is to run another release.
                var line = step is RestartIfChanged restart ? $"systemctl restart {restart.Unit}" : InstallStepText.Render(step).Split('\n')[0];
                text.Append("       ").Append(line).Append('\n');
            }
        }
    }
}
