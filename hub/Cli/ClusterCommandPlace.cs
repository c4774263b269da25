using System.CommandLine;
using System.Text;
using PiController.Hub.Cli.Output;
using PiController.Hub.Kube.Placement;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>cluster place NAME --needs gpio,i2c:bme280,memory&gt;=2Gi</c>: the nodes of a managed cluster that can serve a
/// workload's hardware needs, why the others cannot, and the node affinity that puts a Deployment there.
/// </summary>
internal static partial class ClusterCommand
{
    private static Command Place(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the cluster's name" };
        var needs = new Option<string>("--needs")
        {
            Description = "comma separated: gpio, i2c, pwm, spi, i2c:DEVICE (bme280, bmp280, sht3x, ads1115, mcp23017), memory>=SIZE (2Gi), board=NAME (4B, 5)",
            Required = true,
        };
        var place = new Command("place", "list the nodes that can serve a workload's hardware needs, and print the node affinity that puts a Deployment there");
        place.Arguments.Add(name);
        place.Options.Add(needs);
        var output = OutputOption.ForRead(place, name: false);
        place.SetAction(async (parse, cancellationToken) =>
        {
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var view = await hub.PlaceAsync(parse.GetValue(name)!, parse.GetValue(needs)!, cancellationToken).ConfigureAwait(false);
            if (!Machine.Print(output.Read(parse), view, HubJsonContext.Default.PlacementView))
            {
                Terminal.Write(DescribePlacement(view));
            }
            return 0;
        });
        return place;
    }

    public static string DescribePlacement(PlacementView view)
    {
        var text = new StringBuilder();
        var fits = view.Nodes.Count(n => n.Fits);
        text.Append($"Cluster {view.Cluster}, needs {string.Join(", ", view.Needs)}: ")
            .Append(fits == 0 ? "no node can serve them\n" : $"{fits} of {view.Nodes.Count} node(s) can serve them\n");
        text.Append(TextTable.Render(["NODE", "HUB NODE", "FITS", "WHY NOT"], view.Nodes.Select(n => new[]
        {
            n.Name, n.NodeId.Length == 0 ? "-" : n.NodeId, n.Fits ? "yes" : "no", n.Reasons.Count == 0 ? "-" : string.Join("; ", n.Reasons),
        }))).Append('\n');
        if (fits > 0)
        {
            text.Append("\nPut this under spec.template.spec of the Deployment:\n\n").Append(view.Affinity);
        }
        return text.ToString();
    }
}
