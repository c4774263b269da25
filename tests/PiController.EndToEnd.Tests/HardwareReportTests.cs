using System.Net;
using System.Text.Json;

namespace PiController.EndToEnd.Tests;

public sealed class HardwareReportTests
{
    [Fact]
    public async Task The_hub_shows_the_board_the_agent_reported_in_hello()
    {
        using var hub = await HubInstance.StartAsync();
        using var agent = AgentInstance.Start(hub, "e2e-hardware");
        await hub.WaitForNodeAsync(agent.NodeId, n => n.GetProperty("connected").GetBoolean(), TimeSpan.FromSeconds(30));

        using var http = hub.Http();
        var report = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/nodes/{agent.NodeId}/hardware")).RootElement;
        Assert.True(report.GetProperty("simulated").GetBoolean());
        var board = report.GetProperty("board");
        Assert.Equal("4B", board.GetProperty("boardType").GetString());
        Assert.Equal("BCM2711", board.GetProperty("processor").GetString());
        Assert.Equal(4096, board.GetProperty("memoryMegabytes").GetInt32());
        var chip = Assert.Single(report.GetProperty("gpioChips").EnumerateArray());
        Assert.Equal("pinctrl-bcm2711", chip.GetProperty("label").GetString());
        Assert.Equal(58, chip.GetProperty("lines").GetArrayLength());

        var (code, output) = await hub.CliAsync("nodes", "hardware", agent.NodeId);
        Assert.True(code == 0, output);
        Assert.Contains("\"boardType\": \"4B\"", output, StringComparison.Ordinal);

        using var missing = await http.GetAsync("/api/v1/nodes/nope/hardware");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
