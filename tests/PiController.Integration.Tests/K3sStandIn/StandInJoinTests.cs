using System.Globalization;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Integration.Tests.K3sStandIn;

/// <summary>
/// Nodes joining a stand-in first server as K3s nodes join: /cacerts fetched unverified and checked against the
/// token's CA hash, then the token's password; each node a process with its own root, on loopback ports.
/// </summary>
public sealed class StandInJoinTests : IDisposable
{
    private readonly HubPlan _plan = new();
    private readonly StandInNode _first = new();
    private readonly StandInNode _joiner = new();
    private readonly int _port = LoopbackPort.Free();

    public void Dispose()
    {
        _joiner.Dispose();
        _first.Dispose();
    }

    private string FirstUrl => $"https://127.0.0.1:{_port}";

    private async Task StartFirstAsync()
    {
        _first.Apply(_plan.FirstServer("pi-1"));
        await _first.StartReadyAsync("server", "--https-listen-port", _port.ToString(CultureInfo.InvariantCulture), "--bind-address", "127.0.0.1");
    }

    [Fact]
    public async Task An_agent_with_the_agent_token_joins_and_records_the_token_user_but_never_the_token()
    {
        await StartFirstAsync();
        _joiner.Apply(_plan.Joining(K3sRole.Agent, "pi-2"));
        _joiner.WriteFile("/var/lib/rancher/k3s/agent/images/" + HubPlan.ImagesFile, "images");

        await _joiner.StartReadyAsync("agent", "--server", FirstUrl);

        var state = _joiner.State();
        Assert.Equal("agent", state.GetProperty("role").GetString());
        Assert.Equal("pi-2", state.GetProperty("nodeName").GetString());
        Assert.Equal("node", state.GetProperty("tokenUser").GetString());
        Assert.Equal(FirstUrl, state.GetProperty("server").GetString());
        Assert.Equal(HubPlan.ImagesFile, state.GetProperty("images")[0].GetString());
        Assert.True(state.GetProperty("preferBundledBin").GetBoolean());
        Assert.Empty(state.GetProperty("unknownConfigKeys").EnumerateArray());
        var written = File.ReadAllText(_joiner.HostPath("/var/lib/rancher/k3s/standin-state.json"));
        Assert.DoesNotContain(_plan.Secrets.Agent.Reveal(), written, StringComparison.Ordinal);
        Assert.DoesNotContain(_plan.Secrets.Agent.Reveal(), _joiner.Process!.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_whose_token_names_another_CA_is_refused_with_K3s_message()
    {
        await StartFirstAsync();
        var otherHash = ClusterCa.Create(DateTimeOffset.UtcNow).Hash;
        _joiner.Apply(_plan.Joining(K3sRole.Agent, "pi-2"));
        _joiner.SetEnvironment("K3S_TOKEN", _plan.Secrets.AgentToken(otherHash).Reveal());

        var result = await _joiner.RunAsync("agent", "--server", FirstUrl);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"token CA hash does not match the Cluster CA certificate hash: {otherHash} != {_plan.Ca.Hash}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_with_the_right_CA_hash_but_a_password_of_another_cluster_is_refused()
    {
        await StartFirstAsync();
        _joiner.Apply(_plan.Joining(K3sRole.Agent, "pi-2"));
        _joiner.SetEnvironment("K3S_TOKEN", ClusterSecrets.Generate().AgentToken(_plan.Ca.Hash).Reveal());

        var result = await _joiner.RunAsync("agent", "--server", FirstUrl);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/v1-k3s/readyz: 401", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_joiner.HostPath("/var/lib/rancher/k3s/standin-state.json")));
    }

    [Fact]
    public async Task A_second_server_joins_with_the_server_token_and_serves_the_same_CA()
    {
        await StartFirstAsync();
        var port = LoopbackPort.Free();
        _joiner.Apply(_plan.Joining(K3sRole.Server, "pi-2"));

        await _joiner.StartReadyAsync("server", "--server", FirstUrl, "--https-listen-port", port.ToString(CultureInfo.InvariantCulture), "--bind-address", "127.0.0.1");

        using var client = StandInServerTests.TrustingOnly(_plan.Ca.ServerCaBundle);
        Assert.Equal(_plan.Ca.ServerCaBundle, await client.GetByteArrayAsync(new Uri($"https://127.0.0.1:{port}/cacerts")));
        Assert.Equal(_plan.Secrets.ServerToken(_plan.Ca.Hash).Reveal() + "\n", _joiner.ReadFile("/var/lib/rancher/k3s/server/token"));
        Assert.Equal("server", _joiner.State().GetProperty("tokenUser").GetString());
        Assert.Equal("received", _joiner.State().GetProperty("caFiles").GetString());
    }

    [Fact]
    public async Task A_server_cannot_join_with_the_agent_token()
    {
        await StartFirstAsync();
        _joiner.Apply(_plan.Joining(K3sRole.Server, "pi-2"));
        _joiner.SetEnvironment("K3S_TOKEN", _plan.Secrets.AgentToken(_plan.Ca.Hash).Reveal());

        var result = await _joiner.RunAsync("server", "--server", FirstUrl, "--https-listen-port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/v1-k3s/server-bootstrap: 401", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_started_before_its_server_waits_for_it_and_then_joins()
    {
        _joiner.Apply(_plan.Joining(K3sRole.Agent, "pi-2"));
        var agent = _joiner.Start("agent", "--server", FirstUrl);
        await agent.WaitForLineAsync("Waiting to connect to the server", TimeSpan.FromSeconds(60));

        await StartFirstAsync();

        Assert.Equal("READY=1", await _joiner.Notify.ReceiveAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("node", _joiner.State().GetProperty("tokenUser").GetString());
    }
}
