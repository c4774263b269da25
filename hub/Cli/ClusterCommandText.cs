using System.Globalization;
using System.Text;
using PiController.Hub.Cli.Output;
using PiController.Hub.Provisioning.Clusters;

namespace PiController.Hub.Cli;

/// <summary>How cluster ls and get print a cluster.</summary>
internal static partial class ClusterCommand
{
    public static readonly ObjectPrinter<ClusterView> Printer = new("cluster", c => c.Name, HubJsonContext.Default.ClusterView,
    [
        new Column<ClusterView>("NAME", c => c.Name),
        new Column<ClusterView>("VERSION", c => c.Version),
        new Column<ClusterView>("STATE", State),
        new Column<ClusterView>("SERVERS", c => Count(c, "server")),
        new Column<ClusterView>("AGENTS", c => Count(c, "agent")),
        new Column<ClusterView>("CREATED", c => TextTable.Time(c.CreatedAt)),
        new Column<ClusterView>("DISABLED", c => c.Disable.Count == 0 ? "-" : string.Join(',', c.Disable), Wide: true),
    ]);

    public static string Describe(ClusterView cluster, bool wide)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Cluster {cluster.Name}: K3s {cluster.Version}, {State(cluster)}")
            .Append(cluster.Disable.Count == 0 ? "" : $"; disabled: {string.Join(", ", cluster.Disable)}")
            .Append(cluster.HasKubeconfig ? $"; kubeconfig: pi-controller cluster kubeconfig {cluster.Name}" : "").Append('\n');
        text.Append(TextTable.Render(["NODE", "ROLE", "STATE", "STEPS"], cluster.Nodes.Select(n => new[]
        {
            n.Node, n.Ordinal == cluster.Nodes.Where(x => x.Role == "server").Min(x => x.Ordinal) && n.Role == "server" ? "server (first)" : n.Role, n.State, Progress(cluster, n.Node),
        }))).Append('\n');
        foreach (var node in cluster.Nodes.Where(n => n.LastError.Length > 0))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{node.Node}: {node.LastError}\n  next: {node.NextAction}\n");
        }
        if (wide)
        {
            text.Append('\n').Append(TextTable.Render(["NODE", "PHASE", "#", "STATE", "CHANGED", "STEP"], cluster.Steps.Select(s => new[]
            {
                s.Node, s.Phase, (s.Index + 1).ToString(CultureInfo.InvariantCulture), s.State, s.Changed ? "yes" : "no", s.Description.Split('\n')[0],
            }))).Append('\n');
        }
        return text.ToString();
    }

    private static string State(ClusterView cluster) => cluster.Running ? $"{cluster.State} (running)" : cluster.State;

    private static string Count(ClusterView cluster, string role) => cluster.Nodes.Count(n => n.Role == role).ToString(CultureInfo.InvariantCulture);

    private static string Progress(ClusterView cluster, string node)
    {
        var install = cluster.Steps.Where(s => s.Node == node && s.Phase is "install" or "uninstall").ToList();
        return install.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{install.Count(s => s.State == "done")}/{install.Count}");
    }
}
