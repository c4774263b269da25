using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using PiController.Protocol.Trust;

namespace PiController.EndToEnd.Tests;

/// <summary>The event stream from real processes: the hub, the agent on the simulated board, and the CLI.</summary>
public sealed class EventsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static async Task<ClientWebSocket> ConnectAsync(HubInstance hub, string query)
    {
        var socket = HubTls.WebSocket(HubTrust.LoadCertificatePem(Path.Join(hub.DataDirectory, "ca.crt")), hub.AdminToken);
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{hub.Port}/api/v1/events/ws{query}"), timeout.Token);
        return socket;
    }

    /// <summary>Reads messages until one satisfies <paramref name="match"/>; bounded by time and count.</summary>
    private static async Task<JsonElement> ReceiveUntilAsync(ClientWebSocket socket, Func<JsonElement, bool> match, List<JsonElement>? seen = null)
    {
        using var timeout = new CancellationTokenSource(Wait);
        var buffer = new byte[64 * 1024];
        for (var i = 0; i < 1000; i++)
        {
            var length = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
                Assert.NotEqual(WebSocketMessageType.Close, received.MessageType);
                length += received.Count;
            }
            while (!received.EndOfMessage);
            var message = JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, length)).RootElement.Clone();
            seen?.Add(message);
            if (match(message))
            {
                return message;
            }
        }
        throw new InvalidOperationException("no matching event in 1000 messages");
    }

    [Fact]
    public async Task An_input_edge_on_the_agent_reaches_a_WebSocket_client_filtered_to_gpio_changes()
    {
        using var hub = await HubInstance.StartAsync();
        using var agent = new AgentInstance(hub, "e2e-events-gpio", extraConfig: "sim-wiring = 17-27\n");
        agent.Start();
        await hub.WaitForNodeAsync(agent.NodeId, n => n.GetProperty("connected").GetBoolean(), Wait);
        using var socket = await ConnectAsync(hub, $"?type=gpio.state.changed&node={agent.NodeId}");
        using var http = hub.Http();

        (await http.PostAsJsonAsync($"/api/v1/nodes/{agent.NodeId}/gpio/27/config", new { mode = "input", edge = "both" })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"/api/v1/nodes/{agent.NodeId}/gpio/17/write", new { value = "high" })).EnsureSuccessStatusCode();
        var seen = new List<JsonElement>();
        var edge = await ReceiveUntilAsync(socket, m => m.GetProperty("payload").GetProperty("source").GetString() == "edge", seen);

        Assert.All(seen, m => Assert.Equal("gpio.state.changed", m.GetProperty("type").GetString()));
        Assert.Contains(seen, m => m.GetProperty("payload") is var p && p.GetProperty("source").GetString() == "api" && p.GetProperty("bcm").GetInt32() == 17
            && p.GetProperty("high").GetBoolean());
        var payload = edge.GetProperty("payload");
        Assert.Equal(agent.NodeId, edge.GetProperty("nodeId").GetString());
        Assert.Equal(27, payload.GetProperty("bcm").GetInt32());
        Assert.Equal("rising", payload.GetProperty("edge").GetString());
        Assert.True(payload.GetProperty("high").GetBoolean());
        Assert.InRange(payload.GetProperty("agentAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task An_input_resource_with_edges_reports_the_edges_a_toggle_of_the_wired_output_makes()
    {
        using var hub = await HubInstance.StartAsync();
        using var agent = new AgentInstance(hub, "e2e-events-res", extraConfig: "sim-wiring = 17-27\n");
        agent.Start();
        await hub.WaitForNodeAsync(agent.NodeId, n => n.GetProperty("connected").GetBoolean(), Wait);
        using var socket = await ConnectAsync(hub, $"?type=gpio.*,resource.conflict&node={agent.NodeId}");
        using var http = hub.Http();

        using (var input = await http.PostAsync("/api/v1/gpio", Content($$$"""{"name": "door", "node": {"id": "{{{agent.NodeId}}}"}, "spec": {"pin": "27", "mode": "input", "edge": "both", "debounceMs": 0}}""")))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, input.StatusCode);
        }
        // The reconciler configures the input and says so (source "resource"); only then is the edge detector armed.
        var seen = new List<JsonElement>();
        await ReceiveUntilAsync(socket, m => Payload(m, "resource", 27), seen);

        // GPIO17 is no resource's: the direct API makes it an output at low, then toggles it.
        (await http.PostAsync($"/api/v1/nodes/{agent.NodeId}/gpio/17/config", Content("""{"mode": "output", "value": "low"}"""))).EnsureSuccessStatusCode();
        (await http.PostAsync($"/api/v1/nodes/{agent.NodeId}/gpio/17/toggle", null)).EnsureSuccessStatusCode();
        var rising = await ReceiveUntilAsync(socket, m => Payload(m, "edge", 27), seen);
        Assert.Equal("rising", rising.GetProperty("payload").GetProperty("edge").GetString());
        Assert.Equal("door", Resource(rising));

        (await http.PostAsync($"/api/v1/nodes/{agent.NodeId}/gpio/17/toggle", null)).EnsureSuccessStatusCode();
        var falling = await ReceiveUntilAsync(socket, m => Payload(m, "edge", 27), seen);
        Assert.Equal("falling", falling.GetProperty("payload").GetProperty("edge").GetString());
        Assert.True(falling.GetProperty("id").GetInt64() > rising.GetProperty("id").GetInt64());
        Assert.DoesNotContain(seen, m => m.GetProperty("type").GetString() == "resource.conflict");

        // GPIO27 is the resource's: a direct change to it is refused, naming the resource.
        using var refused = await http.PostAsync($"/api/v1/nodes/{agent.NodeId}/gpio/P13/config", Content("""{"mode": "output"}"""));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("managed by GPIOPin/door", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static StringContent Content(string json) => new(json, Encoding.UTF8, "application/json");

    private static bool Payload(JsonElement message, string source, int bcm) =>
        message.GetProperty("payload") is var p && p.GetProperty("source").GetString() == source && p.GetProperty("bcm").GetInt32() == bcm;

    private static string? Resource(JsonElement message) =>
        message.GetProperty("payload").GetProperty("resource") is { ValueKind: JsonValueKind.String } r ? r.GetString() : null;

    [Fact]
    public async Task Node_connected_and_disconnected_are_published_when_the_agent_starts_and_stops()
    {
        using var hub = await HubInstance.StartAsync();
        using var socket = await ConnectAsync(hub, "?type=node.connected,node.disconnected");
        using var agent = new AgentInstance(hub, "e2e-events-link");

        agent.Start();
        var connected = await ReceiveUntilAsync(socket, m => m.GetProperty("nodeId").GetString() == agent.NodeId);
        await agent.StopAsync();
        var disconnected = await ReceiveUntilAsync(socket, m => m.GetProperty("nodeId").GetString() == agent.NodeId);

        Assert.Equal("node.connected", connected.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(connected.GetProperty("payload").GetProperty("agentVersion").GetString()));
        Assert.Equal("sim", connected.GetProperty("payload").GetProperty("board").GetString());
        Assert.Equal("node.disconnected", disconnected.GetProperty("type").GetString());
        Assert.True(disconnected.GetProperty("id").GetInt64() > connected.GetProperty("id").GetInt64());
        Assert.True(disconnected.GetProperty("payload").GetProperty("connectedForMs").GetInt64() >= 0);
    }

    [Fact]
    public async Task Events_follow_prints_events_and_resumes_by_itself_across_a_hub_restart()
    {
        using var hub = await HubInstance.StartAsync();
        using var follow = TestProcess.Start("dotnet", [Repo.HubDll, "events", "--follow", "--since", "0", "--type", "node.*", "-o", "wide",
            "--data-dir", hub.DataDirectory, "--hub", hub.Address.ToString()]);
        using var agent = new AgentInstance(hub, "e2e-events-cli");
        agent.Start();

        var first = await follow.WaitForLineAsync("node.connected", TimeSpan.FromSeconds(60));
        await hub.StopAsync();
        await hub.StartAsync();
        await follow.WaitForLineAsync("after event", TimeSpan.FromSeconds(60));
        var again = await follow.WaitForLineAsync("node.connected", TimeSpan.FromSeconds(60), occurrence: 2);
        await follow.TerminateAsync();

        Assert.Contains(agent.NodeId, first, StringComparison.Ordinal);
        Assert.Contains("\"agentVersion\"", first, StringComparison.Ordinal);
        Assert.Contains(agent.NodeId, again, StringComparison.Ordinal);
        var ids = follow.Output.Split('\n').Where(l => l.Contains(" node.", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Distinct().Order(), ids);
    }
}
