using Microsoft.Extensions.Logging.Abstractions;
using PiController.Agent.Discovery;
using PiController.Agent.Link;
using PiController.Hub.Agents;
using PiController.Protocol.Link;
using PiController.Protocol.Retry;

namespace PiController.Integration.Tests;

/// <summary>An agent that found its hub by mDNS follows it to a new address.</summary>
public sealed class HubRediscoveryTests
{
    private static AgentIdentity Identity(string nodeId) =>
        new(nodeId, Guid.NewGuid().ToString("N"), () => new SystemInfo { Board = "sim" }, () => new Metrics(), () => new HardwareReport());

    /// <summary>A loopback port with nobody listening: the address the hub had before it moved.</summary>
    private static Uri Abandoned() => new($"https://127.0.0.1:{LoopbackPort.Free()}");

    [Fact]
    public async Task After_repeated_failures_the_agent_browses_again_and_connects_to_the_hub_at_its_new_address()
    {
        await using var hub = await HubHarness.StartAsync();
        var credentials = await hub.EnrollAsync("node-moved");
        var old = Abandoned();
        var browses = 0;
        var rediscovery = new HubRediscovery(_ =>
        {
            Interlocked.Increment(ref browses);
            return Task.FromResult<Uri?>(hub.Address);
        }, TimeProvider.System, NullLogger.Instance, failuresBeforeBrowse: 3);
        using var stop = new CancellationTokenSource();
        var connection = new HubConnection(old, HubCaSource.Known(old, hub.Ca.Certificate), Identity("node-moved"),
            new CommandDispatcher(new CommandJournal(), TimeProvider.System), credentials, null,
            new Backoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(20), new Random(11)), TimeProvider.System, NullLogger.Instance,
            rediscovery: rediscovery);
        var connected = new TaskCompletionSource();
        connection.Connected += () => connected.TrySetResult();

        var run = connection.RunAsync(stop.Token);
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, Volatile.Read(ref browses));
        Assert.True(hub.Get<AgentRegistry>().IsConnected("node-moved"));
        await stop.CancelAsync();
        await run;
    }
}
