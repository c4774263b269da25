namespace PiController.EndToEnd.Tests;

/// <summary>Bad input at the agent: each gets a clear message, nothing crashes, nothing is half-written.</summary>
public sealed class AgentStartupTests
{
    [Fact]
    public async Task A_wrong_ca_fingerprint_is_refused_and_named()
    {
        using var hub = await HubInstance.StartAsync();
        var wrong = new string('a', 64);
        using var agent = new AgentInstance(hub, "e2e-wrongca", fingerprint: wrong);
        agent.Start();

        var line = await agent.Process.WaitForLineAsync("refused", TimeSpan.FromSeconds(30));
        Assert.Contains($"does not match the pinned ca-fingerprint (sha256 {wrong})", line, StringComparison.Ordinal);
        Assert.Contains(hub.Fingerprint, line, StringComparison.Ordinal);
        Assert.Empty(await hub.NodesAsync());
        Assert.False(File.Exists(Path.Join(agent.DataDirectory, "hub-ca.crt")));
        Assert.Equal(0, await agent.StopAsync());
    }

    [Fact]
    public async Task An_unreachable_hub_is_retried_with_growing_backoff()
    {
        var port = LoopbackPort.Free();
        using var hub = new HubInstance(port: port);
        using var agent = new AgentInstance(hub, "e2e-nohub", fingerprint: new string('b', 64), hubAddress: new Uri($"https://127.0.0.1:{port}"));
        agent.Start();

        await agent.Process.WaitForLineAsync("(attempt 3)", TimeSpan.FromSeconds(30));
        Assert.Contains("unreachable", agent.Process.Output, StringComparison.Ordinal);
        Assert.Contains("retrying in", agent.Process.Output, StringComparison.Ordinal);
        Assert.Equal(0, await agent.StopAsync());
    }

    [Fact]
    public async Task A_malformed_config_file_is_reported_with_its_line()
    {
        var directory = TempDirectory.Kept("pi-e2e", "conf");
        var config = Path.Join(directory, "agent.conf");
        await File.WriteAllTextAsync(config, "# agent\nhub = https://hub.local:8443\nthis line has no equals sign\n");
        using var agent = TestProcess.Start(Repo.AgentBinary, ["--config", config]);

        Assert.Equal(2, await agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        await Task.Delay(100);
        Assert.Contains($"{config}:3: expected \"key = value\"", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_without_a_hub_says_how_to_configure_one()
    {
        var directory = TempDirectory.Kept("pi-e2e", "conf");
        var config = Path.Join(directory, "agent.conf");
        await File.WriteAllTextAsync(config, "board = sim\n");
        using var agent = TestProcess.Start(Repo.AgentBinary, ["--config", config, "--data-dir", directory]);

        Assert.Equal(2, await agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        await Task.Delay(100);
        Assert.Contains("No hub configured", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_left_beside_another_certificate_by_a_power_cut_does_not_stop_the_agent_which_enrolls_again()
    {
        using var hub = await HubInstance.StartAsync();
        using var agent = AgentInstance.Start(hub, "e2e-torn");
        await hub.WaitForNodeAsync(agent.NodeId, n => n.GetProperty("connected").GetBoolean(), TimeSpan.FromSeconds(30));
        Assert.Equal(0, await agent.StopAsync());
        // What an agent that renamed the new key before the new certificate left after a power cut in between.
        using (var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(Path.Join(agent.DataDirectory, "node.key"), other.ExportPkcs8PrivateKeyPem());
        }

        agent.Start();

        var warning = await agent.Process.WaitForLineAsync("Not using this agent's certificate", TimeSpan.FromSeconds(30));
        Assert.Contains("node.crt is not the certificate of", warning, StringComparison.Ordinal);
        // The hub knows this node: the new key waits for an admin, who approves it; the agent then connects.
        var waiting = await agent.Process.WaitForLineAsync("on the hub run: pi-controller nodes approve e2e-torn --key ", TimeSpan.FromSeconds(30));
        var command = waiting[(waiting.IndexOf("pi-controller nodes approve", StringComparison.Ordinal) + "pi-controller ".Length)..];
        var (code, output) = await hub.CliAsync(command[..command.IndexOf(" (", StringComparison.Ordinal)].Split(' '));
        Assert.True(code == 0, output);
        await agent.Process.WaitForLineAsync("Connected to hub", TimeSpan.FromSeconds(90));
        Assert.Equal(0, await agent.StopAsync());
    }
}
