using System.Globalization;
using System.Text;
using PiController.Hub.Kube.Upgrades;

namespace PiController.Hub.Cli;

/// <summary>An upgrade or rollback as upgrade-status prints it: the run, then each node's state, and a failed node's error and next action.</summary>
internal static class UpgradeText
{
    public static string Describe(UpgradeView view)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{view.Kind} {view.Run} of cluster {view.Cluster}: {view.From} -> {(view.To.Length == 0 ? "its previous binary" : view.To)}, {view.State}\n");
        if (view.Detail.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {view.Detail}\n");
        }
        text.Append(TextTable.Render(["NODE", "ROLE", "KUBERNETES NODE", "FROM", "STATE", "STEP"],
            view.Nodes.Select(n => new[] { n.Node, n.Role, n.KubeNode, n.From, n.State, n.Step.Length == 0 ? "-" : n.Step }))).Append('\n');
        foreach (var node in view.Nodes.Where(n => n.Error.Length > 0))
        {
            text.Append(CultureInfo.InvariantCulture, $"{node.Node}: {node.Error}\n  next: {node.NextAction}\n");
        }
        return text.ToString();
    }

    /// <summary>The latest run in a line or two under cluster get (nothing when the hub never upgraded the cluster).</summary>
    public static string ForClusterGet(UpgradeView? view) => view is null ? "" : string.Create(CultureInfo.InvariantCulture,
        $"\nlast {view.Kind}: run {view.Run}, {view.From} -> {(view.To.Length == 0 ? "its previous binary" : view.To)}, {view.State}" +
        $"{(view.Detail.Length == 0 ? "" : ": " + view.Detail)} (pi-controller cluster upgrade-status {view.Cluster})\n");
}
