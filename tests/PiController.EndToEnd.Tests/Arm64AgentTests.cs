using System.Text.Json;

namespace PiController.EndToEnd.Tests;

public sealed class Arm64AgentTests
{
    [Arm64Fact]
    public async Task The_arm64_agent_runs_under_qemu_and_connects_to_the_hub()
    {
        using var hub = await HubInstance.StartAsync();
        var data = TempDirectory.Kept("pi-e2e", "arm64");
        using var agent = TestProcess.Start(Arm64FactAttribute.Qemu,
        [
            Environment.GetEnvironmentVariable("PI_AGENT_BINARY_ARM64")!,
            "--hub", hub.Address.ToString(), "--token", hub.JoinToken,
            "--board", "sim", "--sim-serial", "e2e-arm64", "--data-dir", data, "--mdns", "off",
        ]);

        var node = await hub.WaitForNodeAsync("e2e-arm64", n => n.GetProperty("connected").GetBoolean(), TimeSpan.FromSeconds(90));
        Assert.Equal("linux-arm64", node.GetProperty("architecture").GetString());
        Assert.Equal(JsonValueKind.Number, node.GetProperty("metrics").GetProperty("memoryTotalBytes").ValueKind);
        Assert.Equal(0, await agent.TerminateAsync(TimeSpan.FromSeconds(30)));
    }
}
