using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PiController.Hub.Cli.Output;
using PiController.Hub.Nodes;
using PiController.Hub.Security;

namespace PiController.Hub.Cli;

/// <summary><c>pi-controller nodes</c>: list (and watch), inspect, ping, approve, revoke, remove and label nodes.</summary>
internal static class NodesCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var nodes = new Command("nodes", "list and inspect nodes");
        var nodeArgument = new Argument<string>("node") { Description = "node id" };

        var ls = new Command("ls", "list nodes with their connection and live metrics (-o wide: hardware and software too)");
        ls.Aliases.Add("list");
        var watch = new Option<bool>("--watch", "-w") { Description = "after the list, print a row each time a node changes, until Ctrl-C" };
        ls.Options.Add(watch);
        var lsOutput = OutputOption.ForRead(ls);
        ls.SetAction(async (parse, ct) =>
        {
            var format = lsOutput.Read(parse);
            using var client = await connect(parse, ct).ConfigureAwait(false);
            if (parse.GetValue(watch))
            {
                await ObjectWatch.RunAsync(client, new WatchPrinter<NodeView>(NodeTable.Printer(DateTimeOffset.UtcNow), format), new EventFilter(["node.*"], []),
                    client.ListNodesAsync,
                    async (e, token) => (await client.ListNodesAsync(token).ConfigureAwait(false)).Where(n => n.NodeId == e.NodeId),
                    ct).ConfigureAwait(false);
                return 0;
            }
            NodeTable.Printer(DateTimeOffset.UtcNow).PrintList(format, await client.ListNodesAsync(ct).ConfigureAwait(false), NodeTable.Empty);
            return 0;
        });

        var get = new Command("get", "show one node") { nodeArgument };
        var getOutput = OutputOption.ForRead(get);
        get.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var node = await client.GetNodeAsync(parse.GetValue(nodeArgument)!, ct).ConfigureAwait(false);
            NodeTable.Printer(DateTimeOffset.UtcNow).PrintOne(getOutput.Read(parse), node);
            return 0;
        });

        var count = new Option<int>("--count", "-c") { Description = "how many round trips", DefaultValueFactory = _ => 4 };
        var timeout = new Option<int>("--timeout-ms") { Description = "deadline of each round trip", DefaultValueFactory = _ => 5000 };
        var ping = new Command("ping", "measure round trips hub -> agent -> hub over the agent link") { nodeArgument, count, timeout };
        var pingOutput = OutputOption.ForWrite(ping, name: false);
        ping.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var result = await client.PingNodeAsync(parse.GetValue(nodeArgument)!, new PingRequest(parse.GetValue(count), parse.GetValue(timeout)), ct).ConfigureAwait(false);
            if (Machine.Print(pingOutput.Read(parse), result, HubJsonContext.Default.PingResult))
            {
                return 0;
            }
            for (var i = 0; i < result.RoundTripMs.Count; i++)
            {
                Terminal.WriteLine(CultureInfo.InvariantCulture, $"reply from {result.NodeId}: seq={i + 1} time={result.RoundTripMs[i]:0.000} ms");
            }
            var sorted = result.RoundTripMs.Order().ToArray();
            Terminal.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sorted.Length} round trips: min {sorted[0]:0.000} ms, median {sorted[sorted.Length / 2]:0.000} ms, avg {sorted.Average():0.000} ms, max {sorted[^1]:0.000} ms"));
            return 0;
        });

        var hardware = new Command("hardware", "show the board identity and capabilities the node's agent reported (JSON; -o yaml)") { nodeArgument };
        var hardwareOutput = OutputOption.ForRead(hardware, name: false);
        hardware.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var json = await client.GetNodeHardwareJsonAsync(parse.GetValue(nodeArgument)!, ct).ConfigureAwait(false);
            using var document = JsonDocument.Parse(json);
            Terminal.Write(hardwareOutput.Read(parse) == OutputFormat.Yaml ? YamlText.Write(document.RootElement) : JsonText.Pretty(document.RootElement) + "\n");
            return 0;
        });

        var rm = new Command("rm", "forget a node: its certificates are revoked and its record deleted; its agent enrolls again with its join token and waits for nodes approve") { nodeArgument };
        var rmOutput = OutputOption.ForWrite(rm);
        rm.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var node = parse.GetValue(nodeArgument)!;
            await client.RemoveNodeAsync(node, ct).ConfigureAwait(false);
            Change.PrinterOf("node").PrintResult(rmOutput.Read(parse), new Change("node", node, "removed"), () =>
            {
                Terminal.WriteLine($"node {node} removed and its certificates revoked. If its agent still runs, it enrolls again with its join token;");
                Terminal.WriteLine($"to take it back: pi-controller nodes pending, then pi-controller nodes approve {node} --key KEY");
            });
            return 0;
        });

        var revoke = new Command("revoke", "revoke a node's certificates and close its stream; it stays refused until a new enrollment is approved") { nodeArgument };
        var revokeOutput = OutputOption.ForWrite(revoke);
        revoke.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var node = parse.GetValue(nodeArgument)!;
            await client.RevokeNodeAsync(node, ct).ConfigureAwait(false);
            Change.PrinterOf("node").PrintResult(revokeOutput.Read(parse), new Change("node", node, "revoked"), () => Terminal.WriteLine($"node {node} revoked"));
            return 0;
        });

        var key = new Option<string>("--key")
        {
            Description = "the waiting request's key: the sha256 digits nodes pending shows (the agent logs the same)",
            Required = true,
        };
        var approve = new Command("approve", "approve one waiting enrollment of a node id that was enrolled before (a re-key, a replaced board, a removed or revoked node)") { nodeArgument, key };
        var approveOutput = OutputOption.ForWrite(approve);
        approve.SetAction(async (parse, ct) =>
        {
            var node = parse.GetValue(nodeArgument)!;
            var prefix = parse.GetValue(key)!.Trim();
            if (EnrollmentKeys.CheckPrefix(prefix) is { } problem)
            {
                throw new CliException(problem);
            }
            using var client = await connect(parse, ct).ConfigureAwait(false);
            await client.ApproveNodeAsync(node, prefix, ct).ConfigureAwait(false);
            Change.PrinterOf("node").PrintResult(approveOutput.Read(parse), new Change("node", node, "approved"),
                () => Terminal.WriteLine($"enrollment of node {node} with key sha256 {prefix} approved; its agent gets its certificate on its next try"));
            return 0;
        });

        var pending = new Command("pending", "list enrollments waiting for approval, with the key each was made with");
        var pendingOutput = OutputOption.ForRead(pending);
        pending.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var list = await client.ListPendingEnrollmentsAsync(ct).ConfigureAwait(false);
            var format = pendingOutput.Read(parse);
            EnrollmentTable.Printer.PrintList(format, list, "No enrollment is waiting for approval.");
            if (format is OutputFormat.Table && list.FirstOrDefault(r => !r.Approved) is { } waiting)
            {
                Terminal.WriteLine($"to approve one: pi-controller nodes approve {waiting.NodeId} --key {EnrollmentKeys.Short(waiting.PublicKeySha256)}");
            }
            return 0;
        });

        foreach (var verb in new[] { ls, get, ping, revoke, approve, pending, hardware, rm })
        {
            nodes.Subcommands.Add(verb);
        }
        nodes.Subcommands.Add(NodeLabelCommand.Build(connect));
        return nodes;
    }
}
