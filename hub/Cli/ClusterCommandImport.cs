using System.CommandLine;
using System.Globalization;
using System.Text;
using PiController.Hub.Cli.Output;
using PiController.Hub.Kube.Import;
using PiController.Hub.Kube.Manager;

namespace PiController.Hub.Cli;

/// <summary>
/// cluster import NAME --kubeconfig FILE: adopts a running K3s cluster the hub did not build. The CLI reads the file
/// and sends its text (the path never reaches the hub); the answer lists each Kubernetes node with the hub node it
/// matched, or why not. The manager's part of cluster get is here too.
/// </summary>
internal static partial class ClusterCommand
{
    private static Command Import(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the name the hub gives the cluster" };
        var file = new Option<string>("--kubeconfig") { Description = "an admin kubeconfig of the cluster, with its credentials embedded (on a K3s server: /etc/rancher/k3s/k3s.yaml)", Required = true };
        var import = new Command("import", "adopt a running K3s cluster the hub did not build: check its API, store it (kubeconfig sealed), manage it, match its nodes (admin)");
        import.Arguments.Add(name);
        import.Options.Add(file);
        var output = OutputOption.ForWrite(import, name: false);
        import.SetAction(async (parse, cancellationToken) =>
        {
            var kubeconfig = await CliFiles.ReadTextAsync(parse.GetValue(file)!, "--kubeconfig", cancellationToken).ConfigureAwait(false);
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var imported = await hub.ImportClusterAsync(new ImportClusterRequest(parse.GetValue(name)!, kubeconfig), cancellationToken).ConfigureAwait(false);
            if (!Machine.Print(output.Read(parse), imported, HubJsonContext.Default.ImportedClusterView))
            {
                Terminal.Write(DescribeImport(imported));
            }
            return 0;
        });
        return import;
    }

    public static string DescribeImport(ImportedClusterView imported)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"cluster {imported.Name} imported: Kubernetes {imported.Version} at {imported.Server}; the hub manages it now\n");
        text.Append(Matches(imported.Nodes));
        text.Append(CultureInfo.InvariantCulture, $"\nNote: {imported.Note}.\n");
        return text.ToString();
    }

    /// <summary>The manager's lines of cluster get: managed or not, synced, each kind's restarts, the last error, the node matches.</summary>
    public static string DescribeManager(ClusterManagerStatus status)
    {
        if (!status.Managed)
        {
            return "\nManager: not managed (a cluster is managed once it is ready with a kubeconfig, or imported)\n";
        }
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"\nManager: {status.Phase}, {(status.Synced ? "synced" : "not synced yet")}; queue {status.Queued} ({status.Retrying} retrying)")
            .Append(status.Parts.Count == 0 ? "" : $"; parts: {string.Join(", ", status.Parts)}").Append('\n');
        text.Append(TextTable.Render(["KIND", "SYNCED", "OBJECTS", "RESTARTS (ended/gone/error)", "LAST ERROR"], status.Kinds.Select(k => new[]
        {
            k.Kind, k.Synced ? "yes" : "no", k.Objects.ToString(CultureInfo.InvariantCulture),
            string.Join('/', Kube.Informers.WatchRestartReason.All.Select(r => k.Restarts.GetValueOrDefault(r).ToString(CultureInfo.InvariantCulture))), k.LastError ?? "-",
        }))).Append('\n');
        if (status.LastError is { } error)
        {
            text.Append(CultureInfo.InvariantCulture, $"last error: {error}\n");
        }
        return status.Nodes.Count == 0 ? text.ToString() : text.Append(Matches(status.Nodes)).ToString();
    }

    private static string Matches(IReadOnlyList<NodeMatch> nodes)
    {
        if (nodes.Count == 0)
        {
            return "It has no nodes yet.\n";
        }
        var text = new StringBuilder(TextTable.Render(["KUBERNETES NODE", "HUB NODE", "BY"], nodes.Select(m => new[]
        {
            m.KubernetesNode, m.NodeId ?? m.Outcome, m.By.Length == 0 ? "-" : m.By,
        }))).Append('\n');
        foreach (var missed in nodes.Where(m => m.Outcome != NodeMatchOutcome.Matched))
        {
            text.Append(CultureInfo.InvariantCulture, $"{missed.KubernetesNode} is {missed.Outcome}: {missed.Reason}\n");
        }
        return text.ToString();
    }
}
