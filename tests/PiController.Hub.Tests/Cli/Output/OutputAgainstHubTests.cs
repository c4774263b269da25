using System.Net;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Events;
using PiController.Hub.Nodes;
using PiController.Hub.Security;
using PiController.Protocol.Api;
using Link = PiController.Protocol.Link;

namespace PiController.Hub.Tests.Cli.Output;

/// <summary>The CLI's output against a real hub: watch, events --tail and --limit, and JSON a person can read.</summary>
public sealed class OutputAgainstHubTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private InProcessHub _hub = null!;
    private HubCli _cli = null!;

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync();
        _hub.App.Services.GetRequiredService<NodeStore>().RecordHello(
            new Link.Hello { NodeId = "node-a", InstanceId = "instance-a", AgentVersion = "0.1.0", System = new Link.SystemInfo { Hostname = "pi-a", Board = "sim" } }, "10.77.0.1");
        _cli = new HubCli(_hub, _hub.Token(ApiRole.Admin));
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Nodes_ls_watch_prints_the_table_then_a_row_when_a_node_is_revoked_through_the_API()
    {
        var output = new SharedWriter();
        using var stop = new CancellationTokenSource();
        var watch = _cli.StartAsync(output, stop.Token, "nodes", "ls", "-w");
        await Eventually.TrueAsync(() => Task.FromResult(output.Lines().Count >= 2), Patience, "the table");

        using var admin = _hub.Http(_hub.Token(ApiRole.Admin));
        (await admin.PostAsync("/api/v1/nodes/node-a/revoke", null)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => Task.FromResult(output.Lines().Any(l => l.StartsWith("node-a", StringComparison.Ordinal) && l.Contains("revoked", StringComparison.Ordinal))),
            Patience, "a row with the node revoked");
        await stop.CancelAsync();

        Assert.Equal(0, await watch);
        var lines = output.Lines();
        Assert.StartsWith("NODE ID", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("node-a", lines[1], StringComparison.Ordinal);
        Assert.Equal(lines[0].IndexOf("STATUS", StringComparison.Ordinal), lines[^1].IndexOf("revoked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_watch_prints_a_row_for_a_label_only_change_and_one_for_a_deletion_made_through_the_API()
    {
        using var admin = _hub.Http(_hub.Token(ApiRole.Admin));
        using var created = await admin.PostAsync("/api/v1/gpio", new StringContent(
            """{"name": "led", "node": {"id": "node-a"}, "spec": {"pin": "17", "mode": "output"}}""", System.Text.Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();
        var output = new SharedWriter();
        using var stop = new CancellationTokenSource();
        var watch = _cli.StartAsync(output, stop.Token, "get", "gpio", "-w", "-o", "json");
        await Eventually.TrueAsync(() => Task.FromResult(output.Text().Contains("\"led\"", StringComparison.Ordinal)), Patience, "the list");

        // Only a label: no pin changes, so no hardware event; the watch needs resource.changed to see it.
        using var labelled = await admin.PutAsync("/api/v1/gpio/led", new StringContent(
            """{"labels": {"room": "porch"}, "node": {"id": "node-a"}, "spec": {"pin": "17", "mode": "output"}}""", System.Text.Encoding.UTF8, "application/json"));
        labelled.EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => Task.FromResult(output.Text().Contains("\"porch\"", StringComparison.Ordinal)), Patience, "the row with the new label");
        var beforeDelete = output.Text().Length;
        (await admin.DeleteAsync("/api/v1/gpio/led")).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => Task.FromResult(output.Text()[beforeDelete..].Contains("\"led\"", StringComparison.Ordinal)), Patience, "the deleted resource once more");
        await stop.CancelAsync();

        Assert.Equal(0, await watch);
        string[] changes = [];
        await Eventually.TrueAsync(() =>
        {
            changes = _hub.Database.Strings($"SELECT json_extract(payload, '$.change') FROM events WHERE type = '{EventTypes.ResourceChanged}' ORDER BY id").ToArray();
            return Task.FromResult(changes.Length == 3);
        }, Patience, "three resource.changed events stored");
        Assert.Equal(["created", "configured", "deleted"], changes);
    }

    [Fact]
    public async Task Nodes_ls_watch_with_o_name_prints_a_name_for_each_change()
    {
        var output = new SharedWriter();
        using var stop = new CancellationTokenSource();
        var watch = _cli.StartAsync(output, stop.Token, "nodes", "ls", "-w", "-o", "name");
        await Eventually.TrueAsync(() => Task.FromResult(output.Lines().Count >= 1), Patience, "the first name");

        _hub.App.Services.GetRequiredService<NodeEvents>().StatusChanged("node-a", "approved", "waiting", "approved", "test");
        await Eventually.TrueAsync(() => Task.FromResult(output.Lines().Count >= 2), Patience, "the name again");
        await stop.CancelAsync();

        Assert.Equal(0, await watch);
        Assert.Equal(["node/node-a", "node/node-a"], output.Lines());
    }

    [Fact]
    public async Task Events_without_flags_shows_the_newest_50_oldest_first_and_tail_and_limit_choose_others()
    {
        var last = await PublishAsync(60);

        var lines = Lines(await _cli.OkAsync("events", "--type", "node.status.changed"));
        var tail = Lines(await _cli.OkAsync("events", "--tail", "3", "--type", "node.status.changed"));
        var limited = Lines(await _cli.OkAsync("events", "--since", "0", "--limit", "2", "--type", "node.status.changed"));

        Assert.Equal(51, lines.Count);
        Assert.StartsWith("    ID  TIME", lines[0], StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => last - 49 + i), lines.Skip(1).Select(Id));
        Assert.Equal([last - 2, last - 1, last], tail.Skip(1).Select(Id));
        Assert.Equal(2, limited.Count - 1);
        Assert.All(lines, l => Assert.True(l.Length <= 100, $"{l.Length} columns: {l}"));
    }

    [Fact]
    public async Task Events_o_json_is_one_line_per_event_with_times_in_UTC_and_no_escaped_plus()
    {
        await PublishAsync(2);

        var lines = Lines(await _cli.OkAsync("events", "--tail", "2", "-o", "json"));

        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.DoesNotContain("\\u002B", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.EndsWith("+00:00", JsonDocument.Parse(l).RootElement.GetProperty("at").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_output_format_of_a_read_verb_shows_type_names_TimeSpans_locale_dates_or_escaped_plus_signs()
    {
        await PublishAsync(3);
        string[][] verbs = [["nodes", "ls"], ["nodes", "get", "node-a"], ["nodes", "pending"], ["events"], ["token", "ls"], ["token", "ls", "--api"], ["audit"], ["discover"]];
        var problems = new List<string>();
        foreach (var verb in verbs)
        {
            foreach (var format in new[] { "table", "wide", "json", "yaml" })
            {
                var output = await _cli.OkAsync([.. verb, "-o", format]);
                if (ForbiddenText.Find(output) is { } forbidden)
                {
                    problems.Add($"{string.Join(' ', verb)} -o {format}: \"{forbidden}\"");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_forbidden_text_check_finds_what_it_is_for()
    {
        Assert.Equal("System.Nullable", ForbiddenText.Find("Cannot parse argument 'x' as System.Nullable`1[System.Int64]"));
        Assert.Equal("00:00:10", ForbiddenText.Find("retrying in 00:00:10.4998299"));
        Assert.Equal("6/1/2025", ForbiddenText.Find("at 6/1/2025 12:00:00 PM"));
        Assert.Equal("\\u002B", ForbiddenText.Find("\"at\": \"2025-06-01T12:00:00\\u002B00:00\""));
        Assert.Null(ForbiddenText.Find("2025-06-01T12:00:00Z 2025-06-01T12:00:00.123Z 2025-06-01T12:00:00+00:00 up 3h07m"));
    }

    [Theory]
    [InlineData("tail=0", "tail must be a number between 1 and 1000, got \"0\"")]
    [InlineData("tail=1001", "tail must be a number between 1 and 1000, got \"1001\"")]
    [InlineData("tail=5&limit=5", "limit pages from since and tail takes the newest events: ask for one of them, not both")]
    [InlineData("tail=5&since=1", "tail gives the newest events and since the ones after an id: ask for one of them, not both")]
    public async Task A_tail_the_events_API_cannot_serve_is_a_400_that_says_why(string query, string detail)
    {
        await PublishAsync(2);
        using var http = _hub.Http(_hub.Token(ApiRole.Viewer));

        using var response = await http.GetAsync($"/api/v1/events?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(detail, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_gRPC_list_gives_the_same_newest_events_and_refuses_tail_with_limit()
    {
        var last = await PublishAsync(5);
        using var channel = _hub.Grpc(_hub.Token(ApiRole.Viewer));
        var events = new Protocol.Api.Events.EventsClient(channel);

        var page = await events.ListAsync(new ListEventsRequest { Tail = 2, EventTypes = { "node.status.changed" } });
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await events.ListAsync(new ListEventsRequest { Tail = 2, Limit = 2 }));

        Assert.Equal([last - 1, last], page.Events.Select(e => e.Id));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
    }

    /// <summary>Publishes node.status.changed events and returns the id of the last one once it is stored.</summary>
    private async Task<long> PublishAsync(int count)
    {
        var bus = _hub.App.Services.GetRequiredService<EventBus>();
        var events = _hub.App.Services.GetRequiredService<NodeEvents>();
        var before = bus.Store.LastId();
        for (var i = 0; i < count; i++)
        {
            events.StatusChanged("node-a", "approved", "waiting", "approved", $"event {i}");
        }
        return await Eventually.ReachesAsync(() => Task.FromResult(bus.Store.LastId()), id => id >= before + count, Patience, id => $"the events stored (last id {id})");
    }

    private static List<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static long Id(string line) => long.Parse(line.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A writer one task writes while the test reads it.</summary>
    private sealed class SharedWriter : StringWriter
    {
        public SharedWriter() => NewLine = "\n";

        public override void Write(char value)
        {
            lock (this)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (this)
            {
                base.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (this)
            {
                base.WriteLine(value);
            }
        }

        public string Text()
        {
            lock (this)
            {
                return ToString();
            }
        }

        public List<string> Lines()
        {
            lock (this)
            {
                return ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            }
        }
    }
}
