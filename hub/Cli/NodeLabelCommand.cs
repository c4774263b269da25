using System.CommandLine;
using PiController.Hub.Cli.Output;
using PiController.Hub.Nodes;

namespace PiController.Hub.Cli;

/// <summary><c>pi-controller nodes label NODE [key=value | key-]...</c>: set and remove a node's labels, or show them.</summary>
internal static class NodeLabelCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var node = HardwareCommandParts.Node();
        var changes = new Argument<string[]>("changes") { Description = "key=value sets a label, key- removes it; none shows the labels", Arity = ArgumentArity.ZeroOrMore };
        var label = new Command("label", "set, remove or show a node's labels (resources select nodes by them)") { node, changes };
        var output = OutputOption.ForRead(label);
        label.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var view = await client.GetNodeLabelsAsync(parse.GetValue(node)!, ct).ConfigureAwait(false);
            if (parse.GetValue(changes) is { Length: > 0 } requested)
            {
                var labels = view.Labels.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
                foreach (var change in requested)
                {
                    if (change.EndsWith('-') && !change.Contains('=', StringComparison.Ordinal))
                    {
                        labels.Remove(change[..^1]);
                    }
                    else if (change.Split('=', 2) is [var key, var value])
                    {
                        labels[key] = value;
                    }
                    else
                    {
                        throw new CliException($"\"{change}\": write key=value to set a label or key- to remove it");
                    }
                }
                view = await client.SetNodeLabelsAsync(parse.GetValue(node)!, new NodeLabelsChange(labels), ct).ConfigureAwait(false);
            }
            var format = output.Read(parse);
            if (format == OutputFormat.Name)
            {
                Terminal.WriteLine($"node/{view.NodeId}");
            }
            else if (!Machine.Print(format, view, HubJsonContext.Default.NodeLabelsView))
            {
                var rows = view.Labels.Select(l => (l.Key, l.Value, Source: "set")).Concat(view.Derived.Select(l => (l.Key, l.Value, Source: "derived"))).ToList();
                Terminal.WriteLine(rows.Count == 0 ? $"node {view.NodeId} has no labels"
                    : TextTable.Render(["LABEL", "VALUE", "SOURCE"], rows.Select(r => new[] { r.Key, r.Value, r.Source })));
            }
            return 0;
        });
        return label;
    }
}
