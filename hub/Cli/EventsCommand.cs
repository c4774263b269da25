using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PiController.Hub.Events;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller events [--since ID] [--type T]... [--node N]... [--follow] [--json]</c>: the stored events, or
/// with --follow the live stream over a WebSocket, resuming by itself after a dropped connection.
/// </summary>
internal static class EventsCommand
{
    public static Command Build()
    {
        var since = new Option<long?>("--since") { Description = "only events with a greater id (the last id you saw)" };
        var types = new Option<string[]>("--type") { Description = $"only this type (repeatable; node.* matches every node event): {string.Join(", ", EventTypes.All)}", AllowMultipleArgumentsPerToken = true };
        var nodes = new Option<string[]>("--node") { Description = "only events about this node (repeatable)", AllowMultipleArgumentsPerToken = true };
        var follow = new Option<bool>("--follow", "-f") { Description = "keep streaming new events until Ctrl-C; reconnects by itself and misses nothing" };
        var json = new Option<bool>("--json") { Description = "print each event as one line of JSON" };
        var command = new Command("events", "show the hub's events: nodes connecting, pins changing, sensor readings ...");
        command.Options.Add(since);
        command.Options.Add(types);
        command.Options.Add(nodes);
        command.Options.Add(follow);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(since) is < 0)
            {
                throw new CliException($"--since must be an event id (0 or more), got {parse.GetValue(since)}");
            }
            var filter = new EventFilter(parse.GetValue(types) ?? [], parse.GetValue(nodes) ?? []);
            var print = parse.GetValue(json) ? (Action<EventView>)(e => Terminal.WriteLine(EventJson.ToText(e, HubJsonContext.Default.EventView))) : e => Terminal.WriteLine(Line(e));
            using var client = await HubCommandLine.Client(parse, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(follow))
            {
                await new EventFollower(client, filter, print).RunAsync(parse.GetValue(since), cancellationToken).ConfigureAwait(false);
                return 0;
            }
            var after = parse.GetValue(since) ?? 0;
            while (true)
            {
                var page = await client.ListEventsAsync(after, EventStore.MaxPage, filter, cancellationToken).ConfigureAwait(false);
                foreach (var e in page.Events)
                {
                    print(e);
                }
                if (page.Next >= page.LastId || page.Next == after)
                {
                    return 0;
                }
                after = page.Next;
            }
        });
        return command;
    }

    /// <summary>One line: id, time (UTC), type, node ("-" for none), compact payload.</summary>
    public static string Line(EventView e) => string.Create(CultureInfo.InvariantCulture,
        $"{e.Id,6}  {e.At.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}  {e.Type,-19}  {e.NodeId ?? "-",-16}  {Compact(e.Payload)}");

    private static string Compact(JsonElement payload)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            payload.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
