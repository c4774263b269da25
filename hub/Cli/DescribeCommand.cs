using System.CommandLine;
using System.Text.Json;
using PiController.Hub.Resources;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller describe node NODE</c> and <c>describe gpio|pwm|i2c NAME</c>, as kubectl describe: everything
/// about one object for a person, with its conditions and its newest events (<see cref="DescribeText.EventCount"/>).
/// </summary>
internal static class DescribeCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var kind = new Argument<string>("kind") { Description = "node, gpio, pwm or i2c" };
        var name = new Argument<string>("name") { Description = "the node id or the resource's name" };
        var describe = new Command("describe", "show one node or resource in detail: labels, spec, conditions, hardware and recent events") { kind, name };
        describe.SetAction(async (parse, ct) =>
        {
            var kindText = parse.GetValue(kind)!;
            var isNode = kindText.ToLowerInvariant() is "node" or "nodes" or "no";
            var resourceKind = isNode ? (ResourceKind?)null
                : ResourceKinds.Parse(kindText) ?? throw new CliException($"\"{kindText}\" cannot be described; use node, gpio, pwm or i2c");
            var target = parse.GetValue(name)!;
            using var client = await connect(parse, ct).ConfigureAwait(false);
            if (resourceKind is { } k)
            {
                var resource = await client.GetResourceAsync(k, target, ct).ConfigureAwait(false);
                var events = await client.ResourceEventsAsync(k, target, DescribeText.EventCount, ct).ConfigureAwait(false);
                Terminal.WriteLine(ResourceDescription.Render(resource, events.Events, DateTimeOffset.UtcNow));
                return 0;
            }
            var node = await client.GetNodeAsync(target, ct).ConfigureAwait(false);
            var labels = await client.GetNodeLabelsAsync(target, ct).ConfigureAwait(false);
            using var hardware = JsonDocument.Parse(await HardwareAsync(client, target, ct).ConfigureAwait(false));
            var resources = new List<string>();
            foreach (var each in ResourceKinds.All)
            {
                var list = await client.ListResourcesAsync(each, target, null, ct).ConfigureAwait(false);
                resources.AddRange(list.EnumerateArray().Select(r => $"{each.Name().ToLowerInvariant()}/{r.GetProperty("name").GetString()}"));
            }
            var nodeEvents = await client.NodeEventsAsync(target, DescribeText.EventCount, ct).ConfigureAwait(false);
            Terminal.WriteLine(NodeDescription.Render(node, labels, hardware.RootElement, resources, nodeEvents.Events, DateTimeOffset.UtcNow));
            return 0;
        });
        return describe;
    }

    /// <summary>The node's hardware report as JSON; "{}" when it has sent none (Hardware: &lt;none&gt;).</summary>
    private static async Task<string> HardwareAsync(HubClient client, string node, CancellationToken ct)
    {
        try
        {
            return await client.GetNodeHardwareJsonAsync(node, ct).ConfigureAwait(false);
        }
        catch (CliException e) when (e.NotFound)
        {
            return "{}";
        }
    }
}
