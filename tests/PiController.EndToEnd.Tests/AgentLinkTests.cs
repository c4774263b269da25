using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PiController.EndToEnd.Tests;

/// <summary>The agent link end to end: the hub and the agent as processes over real TLS and SQLite.</summary>
public sealed class AgentLinkTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    private static bool Connected(JsonElement node) => node.GetProperty("connected").GetBoolean();

    [Fact]
    public async Task Node_appears_with_real_metrics_of_this_machine()
    {
        using var hub = await HubInstance.StartAsync();
        using var agent = AgentInstance.Start(hub, "e2e-metrics");

        // Heartbeats come every second; the second one carries a CPU figure (it needs two samples).
        var node = await hub.WaitForNodeAsync(agent.NodeId, n => Connected(n) && n.GetProperty("metrics").GetProperty("cpuPercent").ValueKind == JsonValueKind.Number, Soon);

        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), node.GetProperty("hostname").GetString());
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), node.GetProperty("kernel").GetString());
        Assert.Equal("Raspberry Pi 4 Model B Rev 1.5", node.GetProperty("model").GetString());
        Assert.Equal("sim", node.GetProperty("board").GetString());
        Assert.Equal("linux-x64", node.GetProperty("architecture").GetString());
        Assert.False(string.IsNullOrEmpty(node.GetProperty("agentVersion").GetString()));
        Assert.Equal("127.0.0.1", node.GetProperty("remoteAddress").GetString());
        Assert.Equal(JsonValueKind.String, node.GetProperty("lastHeartbeat").ValueKind);

        var metrics = node.GetProperty("metrics");
        var memTotalKib = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Equal(ulong.Parse(memTotalKib, CultureInfo.InvariantCulture) * 1024, metrics.GetProperty("memoryTotalBytes").GetUInt64());
        Assert.InRange(metrics.GetProperty("memoryAvailableBytes").GetUInt64(), 1UL, metrics.GetProperty("memoryTotalBytes").GetUInt64());
        Assert.InRange(metrics.GetProperty("cpuPercent").GetDouble(), 0, 100);
        var uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.InRange(metrics.GetProperty("uptimeSeconds").GetDouble(), uptime - 120, uptime + 1);
        var disk = new DriveInfo(agent.DataDirectory);
        Assert.Equal((ulong)disk.TotalSize, metrics.GetProperty("diskTotalBytes").GetUInt64());
        Assert.True(metrics.GetProperty("load1").GetDouble() >= 0);
        // This machine has no thermal zone: the value must be absent, not invented.
        var hasThermal = Directory.Exists("/sys/class/thermal") && Directory.EnumerateDirectories("/sys/class/thermal", "thermal_zone*").Any();
        Assert.Equal(hasThermal ? JsonValueKind.Number : JsonValueKind.Null, metrics.GetProperty("temperatureCelsius").ValueKind);
    }

    [Fact]
    public async Task Agent_restart_reconnects_as_the_same_node()
    {
        using var hub = await HubInstance.StartAsync();
        using var agent = AgentInstance.Start(hub, "e2e-restart");
        var first = await hub.WaitForNodeAsync(agent.NodeId, Connected, Soon);

        Assert.Equal(0, await agent.StopAsync());
        Assert.Contains("Link to hub", agent.Process.Output, StringComparison.Ordinal);
        var down = await hub.WaitForNodeAsync(agent.NodeId, n => !Connected(n), Soon);
        Assert.Equal(JsonValueKind.String, down.GetProperty("disconnectedAt").ValueKind);

        agent.Start();
        var again = await hub.WaitForNodeAsync(agent.NodeId, Connected, Soon);
        Assert.Equal(first.GetProperty("firstSeen").GetString(), again.GetProperty("firstSeen").GetString());
        Assert.Single(await hub.NodesAsync());
    }

    [Fact]
    public async Task Agent_comes_back_by_itself_after_a_hub_restart()
    {
        using var hub = await HubInstance.StartAsync();
        using var agent = AgentInstance.Start(hub, "e2e-hubrestart");
        await hub.WaitForNodeAsync(agent.NodeId, Connected, Soon);

        Assert.Equal(0, await hub.StopAsync());
        await agent.Process.WaitForLineAsync("unreachable", Soon);
        await hub.StartAsync();

        // Backoff with full jitter: the agent returns within its window (the cap is 30 s), nobody restarts it.
        var node = await hub.WaitForNodeAsync(agent.NodeId, Connected, TimeSpan.FromSeconds(60));
        Assert.True(node.GetProperty("connected").GetBoolean());
        Assert.False(agent.Process.HasExited);
    }

    [Fact]
    public async Task A_command_to_an_offline_node_fails_with_a_clear_error()
    {
        using var hub = await HubInstance.StartAsync();
        using var agent = AgentInstance.Start(hub, "e2e-offline");
        await hub.WaitForNodeAsync(agent.NodeId, Connected, Soon);
        await agent.StopAsync();
        await hub.WaitForNodeAsync(agent.NodeId, n => !Connected(n), Soon);

        using var http = hub.Http();
        using var response = await http.PostAsJsonAsync($"/api/v1/nodes/{agent.NodeId}/ping", new { count = 1 });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Node offline", problem.GetProperty("title").GetString());
        Assert.Contains($"node {agent.NodeId} is not connected", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (code, output) = await hub.CliAsync("nodes", "ping", agent.NodeId);
        Assert.Equal(1, code);
        Assert.Contains("Node offline: node e2e-offline is not connected", output, StringComparison.Ordinal);

        using var unknown = await http.PostAsJsonAsync("/api/v1/nodes/no-such-node/ping", new { count = 1 });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_second_agent_claiming_an_existing_node_id_is_refused_not_merged()
    {
        using var hub = await HubInstance.StartAsync();
        using var original = AgentInstance.Start(hub, "e2e-clone");
        var before = await hub.WaitForNodeAsync(original.NodeId, Connected, Soon);

        // Same serial, another data directory: another machine (a cloned SD card) claiming the identity.
        using var impostor = new AgentInstance(hub, "e2e-clone");
        impostor.Start();
        // It cannot enroll: the id is taken, and only an admin can approve a new key for it.
        var refusal = await impostor.Process.WaitForLineAsync("refused this agent", Soon);
        Assert.Contains("node e2e-clone is known to the hub already", refusal, StringComparison.Ordinal);
        Assert.Contains("on the hub run: pi-controller nodes approve e2e-clone --key ", refusal, StringComparison.Ordinal);

        var nodes = await hub.NodesAsync();
        var node = Assert.Single(nodes);
        Assert.True(node.GetProperty("connected").GetBoolean());
        Assert.Equal(before.GetProperty("connectedSince").GetString(), node.GetProperty("connectedSince").GetString());
        Assert.Contains("Enrollment of node e2e-clone from 127.0.0.1 refused", hub.Process.Output, StringComparison.Ordinal);
        var (listed, pending) = await hub.CliAsync("nodes", "pending");
        Assert.True(listed == 0, pending);
        Assert.Matches(@"(?m)^e2e-clone\s+127\.0\.0\.1\s", pending);

        // The original still answers commands.
        var (code, output) = await hub.CliAsync("nodes", "ping", original.NodeId, "-c", "2");
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task A_removed_node_comes_back_when_an_admin_runs_what_its_agent_logs()
    {
        using var hub = await HubInstance.StartAsync();
        using var agent = AgentInstance.Start(hub, "e2e-removed");
        await hub.WaitForNodeAsync(agent.NodeId, Connected, Soon);

        var (code, output) = await hub.CliAsync("nodes", "rm", agent.NodeId);
        Assert.True(code == 0, output);
        Assert.Contains("pi-controller nodes approve e2e-removed --key KEY", output, StringComparison.Ordinal);

        // The agent is refused, enrolls again with its join token, and says exactly what to run.
        var waiting = await agent.Process.WaitForLineAsync("on the hub run: pi-controller nodes approve e2e-removed --key ", TimeSpan.FromSeconds(60));
        var command = waiting[(waiting.IndexOf("pi-controller nodes approve", StringComparison.Ordinal) + "pi-controller ".Length)..];
        var arguments = command[..command.IndexOf(" (", StringComparison.Ordinal)].Split(' ');
        Assert.Equal(["nodes", "approve", "e2e-removed", "--key"], arguments[..4]);
        (code, output) = await hub.CliAsync("nodes", "pending");
        Assert.True(code == 0, output);
        Assert.Contains($"{arguments[4]}  waiting", output, StringComparison.Ordinal);
        Assert.Contains($"to approve one: pi-controller nodes approve e2e-removed --key {arguments[4]}", output, StringComparison.Ordinal);

        (code, output) = await hub.CliAsync("nodes", "approve", "e2e-removed");
        Assert.NotEqual(0, code);
        Assert.Contains("--key", output, StringComparison.Ordinal);
        (code, output) = await hub.CliAsync(arguments);
        Assert.True(code == 0, output);

        var node = await hub.WaitForNodeAsync(agent.NodeId, Connected, TimeSpan.FromSeconds(60));
        Assert.Equal("enrolled", node.GetProperty("membership").GetString());
        Assert.False(agent.Process.HasExited);
        (_, output) = await hub.CliAsync("nodes", "pending");
        Assert.Contains("No enrollment is waiting for approval.", output, StringComparison.Ordinal);
    }
}
