using PiController.Agent.Link;
using PiController.Hub.Agents;
using PiController.Hub.Nodes;
using PiController.Hub.Security;
using PiController.Protocol.Link;
using PiController.Protocol.Retry;

namespace PiController.Integration.Tests;

public sealed class NodeRemovalTests
{
    [Theory]
    [InlineData("rm")]
    [InlineData("revoke")]
    public async Task A_removed_or_revoked_node_comes_back_through_an_approved_enrollment_without_touching_the_pi(string action)
    {
        await using var hub = await HubHarness.StartAsync();
        var token = hub.NewJoinToken();
        var credentials = await hub.EnrollAsync("node-back", token);
        var agentLog = new LogCapture();
        using var stop = new CancellationTokenSource();
        var connection = new HubConnection(hub.Address, HubCaSource.Known(hub.Address, hub.Ca.Certificate),
            new AgentIdentity("node-back", Guid.NewGuid().ToString("N"), () => new SystemInfo { Board = "sim" }, () => new Metrics(), () => new HardwareReport()),
            new CommandDispatcher(new CommandJournal(), TimeProvider.System), credentials,
            new Enroller(hub.Address, token, "node-back", () => "pi", credentials),
            new Backoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), new Random(7)), TimeProvider.System, agentLog);
        var connects = 0;
        var first = new TaskCompletionSource();
        var back = new TaskCompletionSource();
        connection.Connected += () => (Interlocked.Increment(ref connects) == 1 ? first : back).TrySetResult();
        var run = connection.RunAsync(stop.Token);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var nodes = hub.Get<NodeService>();
        // Each refuses an unknown node with a HubException; a known one is removed or revoked.
        if (action == "rm")
        {
            nodes.Delete("node-back");
        }
        else
        {
            Assert.True(nodes.Revoke("node-back") > 0);
        }

        // The agent is refused, enrolls again with its join token, and its request waits in nodes pending.
        var requests = hub.Get<EnrollmentRequestStore>();
        for (var i = 0; i < 600 && requests.Pending().Count == 0; i++)
        {
            await Task.Delay(50);
        }
        var request = Assert.Single(requests.Pending());
        Assert.Equal("node-back", request.NodeId);
        var key = request.PublicKeySha256[..16];
        var told = $"on the hub run: pi-controller nodes approve node-back --key {key}";
        for (var i = 0; i < 600 && !agentLog.Lines.Any(l => l.Contains(told, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(50);
        }
        Assert.Contains(agentLog.Lines, l => l.Contains(told, StringComparison.Ordinal));
        Assert.False(hub.Get<AgentRegistry>().IsConnected("node-back"));

        // The admin runs what the agent said; the agent gets its certificate and connects, nobody touched the Pi.
        Assert.Equal(ApprovalOutcome.Approved, nodes.Approve("node-back", key).Outcome);
        await back.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(hub.Get<AgentRegistry>().IsConnected("node-back"));
        Assert.Equal("enrolled", nodes.Get("node-back").Membership);
        Assert.Equal(request.PublicKeySha256, NodeIdentityClaims.PublicKeyHash(credentials.Current!.PublicKey));
        Assert.Empty(requests.Pending());
        await stop.CancelAsync();
        await run;
    }
}
