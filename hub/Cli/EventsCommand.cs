using System.CommandLine;
using System.Globalization;
using PiController.Hub.Cli.Output;
using PiController.Hub.Events;
using PiController.Protocol.Text;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller events [--tail N | --since ID [--limit N]] [--type T]... [--node N]... [--follow] [-o FORMAT]</c>:
/// the newest stored events (50 by default, oldest first), the ones after an id, or with --follow the live stream
/// over a WebSocket, resuming by itself after a dropped connection.
/// </summary>
internal static class EventsCommand
{
    public const int DefaultTail = 50;

    /// <summary>The default table's columns before DETAILS: id, time, type, node (the widths a line keeps).</summary>
    private const int IdWidth = 6, TimeWidth = 24, TypeWidth = 19, NodeWidth = 16;

    /// <summary>How much of an event's details fits the default table's 100 columns.</summary>
    private const int DetailsWidth = 100 - IdWidth - TimeWidth - TypeWidth - NodeWidth - 8;

    public static Command Build()
    {
        var since = new Option<long?>("--since") { Description = "every event with a greater id (the last id you saw), oldest first" };
        var limit = new Option<int?>("--limit") { Description = $"at most this many events, 1-{EventStore.MaxPage} (the first ones after --since; from the oldest stored without it)" };
        var tail = new Option<int?>("--tail") { Description = $"the newest N events, 1-{EventStore.MaxPage} (default {DefaultTail} when neither --since nor --limit is given)" };
        var types = new Option<string[]>("--type") { Description = $"only this type (repeatable; node.* matches every node event): {string.Join(", ", EventTypes.All)}", AllowMultipleArgumentsPerToken = true };
        var nodes = new Option<string[]>("--node") { Description = "only events about this node (repeatable)", AllowMultipleArgumentsPerToken = true };
        var follow = new Option<bool>("--follow", "-f") { Description = "keep streaming new events until Ctrl-C (after --tail N's events if given); reconnects by itself and misses nothing" };
        var command = new Command("events", "show the hub's events: nodes connecting, pins changing, sensor readings ...") { since, limit, tail, types, nodes, follow };
        var output = OutputOption.ForRead(command);
        output.Output.Description = "output format: table (default; details cut to fit), wide (whole details), json (one line per event), yaml, name";
        command.SetAction(async (parse, cancellationToken) =>
        {
            var after = parse.GetValue(since);
            if (after is < 0)
            {
                throw new CliException($"--since must be an event id (0 or more), got {after}");
            }
            foreach (var (count, name) in new[] { (parse.GetValue(limit), "--limit"), (parse.GetValue(tail), "--tail") })
            {
                if (count is < 1 or > EventStore.MaxPage)
                {
                    throw new CliException($"{name} must be between 1 and {EventStore.MaxPage}, got {count}");
                }
            }
            if (parse.GetValue(tail) is not null && (after is not null || parse.GetValue(limit) is not null))
            {
                throw new CliException("--tail shows the newest events; --since and --limit page from an id: give one or the other");
            }
            var format = output.Read(parse);
            var printer = new Printer(format);
            var filter = new EventFilter(parse.GetValue(types) ?? [], parse.GetValue(nodes) ?? []);
            using var client = await HubCommandLine.Client(parse, cancellationToken).ConfigureAwait(false);
            var newest = parse.GetValue(tail) ?? (after is null && parse.GetValue(limit) is null && !parse.GetValue(follow) ? DefaultTail : null);
            long? followFrom = after;
            if (newest is { } n)
            {
                var page = await client.ListNewestEventsAsync(n, filter, cancellationToken).ConfigureAwait(false);
                printer.Print(page.Events);
                followFrom = page.LastId;
            }
            else if (!parse.GetValue(follow) || after is not null)
            {
                followFrom = await PageAsync(client, after ?? 0, parse.GetValue(limit), filter, printer, cancellationToken).ConfigureAwait(false);
            }
            if (parse.GetValue(follow))
            {
                await new EventFollower(client, filter, e =>
                {
                    printer.Print([e]);
                    return Terminal.Out.FlushAsync(cancellationToken);
                }).RunAsync(followFrom, cancellationToken).ConfigureAwait(false);
            }
            return 0;
        });
        return command;
    }

    /// <summary>Events after <paramref name="after"/>, page by page, at most <paramref name="limit"/>; returns the id to go on from.</summary>
    private static async Task<long> PageAsync(HubClient client, long after, int? limit, EventFilter filter, Printer printer, CancellationToken cancellationToken)
    {
        var left = limit ?? int.MaxValue;
        while (true)
        {
            var page = await client.ListEventsAsync(after, Math.Min(left, EventStore.MaxPage), filter, cancellationToken).ConfigureAwait(false);
            printer.Print(page.Events);
            left -= page.Events.Count;
            if (left <= 0 || page.Next >= page.LastId || page.Next == after)
            {
                return page.Events.Count > 0 ? page.Events[^1].Id : page.Next;
            }
            after = page.Next;
        }
    }

    /// <summary>One line of the table: id, time (UTC), type, node ("-" for none), the payload (cut to fit unless wide).</summary>
    public static string Line(EventView e, bool wide)
    {
        var details = JsonText.Line(e.Payload);
        return string.Create(CultureInfo.InvariantCulture,
            $"{e.Id,IdWidth}  {TextTable.Time(e.At, fraction: true),-TimeWidth}  {e.Type,-TypeWidth}  {PrintableText.Escape(e.NodeId ?? "-"),-NodeWidth}  {(wide ? PrintableText.Escape(details) : PrintableText.Truncate(details, DetailsWidth))}").TrimEnd();
    }

    /// <summary>Prints events in the format asked for; the table's header comes before the first line.</summary>
    private sealed class Printer(OutputFormat format)
    {
        private bool _started;

        public void Print(IEnumerable<EventView> events)
        {
            foreach (var e in events)
            {
                if (!_started && format is OutputFormat.Table or OutputFormat.Wide)
                {
                    Terminal.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"ID",IdWidth}  {"TIME",-TimeWidth}  {"TYPE",-TypeWidth}  {"NODE",-NodeWidth}  DETAILS"));
                }
                else if (_started && format is OutputFormat.Yaml)
                {
                    Terminal.WriteLine("---");
                }
                _started = true;
                switch (format)
                {
                    case OutputFormat.Json:
                        Terminal.WriteLine(JsonText.Line(JsonText.Element(e, HubJsonContext.Default.EventView)));
                        break;
                    case OutputFormat.Yaml:
                        Terminal.Write(YamlText.Write(JsonText.Element(e, HubJsonContext.Default.EventView)));
                        break;
                    case OutputFormat.Name:
                        Terminal.WriteLine(string.Create(CultureInfo.InvariantCulture, $"event/{e.Id}"));
                        break;
                    default:
                        Terminal.WriteLine(Line(e, format == OutputFormat.Wide));
                        break;
                }
            }
        }
    }
}
