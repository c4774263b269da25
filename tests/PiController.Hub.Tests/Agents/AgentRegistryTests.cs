using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Agents;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Agents;

public sealed class AgentRegistryTests
{
    private const string NodeId = "10000000abcdef01";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly AgentRegistry _registry;

    public AgentRegistryTests() => _registry = new AgentRegistry(_time);

    [Fact]
    public void An_attach_whose_admission_is_refused_registers_nothing_and_keeps_the_current_stream()
    {
        using var current = _registry.Attach(NodeId, "instance", "10.77.0.5");

        Assert.Throws<InvalidOperationException>(() => _registry.Attach(NodeId, "instance", "10.77.0.5", () => throw new InvalidOperationException("revoked")));

        Assert.Same(current, _registry.Find(NodeId));
        Assert.False(current.Closed.IsCancellationRequested);
    }

    [Fact]
    public async Task A_disconnect_waits_for_an_admission_in_progress_and_then_closes_its_session()
    {
        using var admitting = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var attach = Task.Run(() => _registry.Attach(NodeId, "instance", "10.77.0.5", () =>
        {
            admitting.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        }));
        Assert.True(admitting.Wait(TimeSpan.FromSeconds(30)));
        var disconnect = Task.Run(() => _registry.Disconnect(NodeId));
        await Task.WhenAny(disconnect, Task.Delay(100));
        Assert.False(disconnect.IsCompleted, "Disconnect must wait for the admission under the node's gate");
        release.Set();

        using var session = await attach;
        await disconnect;
        Assert.True(session.Closed.IsCancellationRequested);
    }

    [Fact]
    public async Task A_command_to_an_unknown_node_fails_at_once_as_offline()
    {
        var sending = _registry.SendAsync(NodeId, Ping("x"), Timeout, CancellationToken.None);

        Assert.True(sending.IsFaulted, "the caller should not wait for a deadline when no agent is connected");
        var failure = await Assert.ThrowsAsync<CommandFailedException>(() => sending);
        Assert.Equal(CommandFailureKind.NodeOffline, failure.Failure);
        Assert.Contains($"node {NodeId} is not connected", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_to_a_node_whose_stream_ended_fails_at_once_as_offline()
    {
        using var session = _registry.Attach(NodeId, "instance", "10.77.0.5");
        Assert.True(_registry.Detach(session));

        var sending = _registry.SendAsync(NodeId, Ping("x"), Timeout, CancellationToken.None);

        Assert.True(sending.IsFaulted);
        Assert.Equal(CommandFailureKind.NodeOffline, (await Assert.ThrowsAsync<CommandFailedException>(() => sending)).Failure);
    }

    [Fact]
    public async Task A_command_completes_with_the_result_for_its_id()
    {
        using var session = _registry.Attach(NodeId, "instance", "10.77.0.5");

        var sending = _registry.SendAsync(NodeId, Ping("hello"), Timeout, CancellationToken.None);
        var sent = NextCommand(session);
        Assert.False(sending.IsCompleted);
        _registry.Complete(NodeId, Pong(sent.Id, "hello"));

        var result = await sending;
        Assert.Equal(sent.Id, result.Id);
        Assert.Equal("hello", result.Pong.Payload.ToStringUtf8());
        Assert.Equal(_time.GetUtcNow() + Timeout, sent.Deadline.ToDateTimeOffset());
    }

    [Fact]
    public async Task Each_command_gets_its_own_id()
    {
        using var session = _registry.Attach(NodeId, "instance", "10.77.0.5");

        var first = _registry.SendAsync(NodeId, Ping("1"), Timeout, CancellationToken.None);
        var second = _registry.SendAsync(NodeId, Ping("2"), Timeout, CancellationToken.None);
        var firstId = NextCommand(session).Id;
        var secondId = NextCommand(session).Id;
        _registry.Complete(NodeId, Pong(secondId, "2"));
        _registry.Complete(NodeId, Pong(firstId, "1"));

        Assert.NotEqual(firstId, secondId);
        Assert.Equal("1", (await first).Pong.Payload.ToStringUtf8());
        Assert.Equal("2", (await second).Pong.Payload.ToStringUtf8());
    }

    [Fact]
    public async Task A_command_without_an_answer_fails_at_its_deadline_naming_the_node()
    {
        using var session = _registry.Attach(NodeId, "instance", "10.77.0.5");
        var sending = _registry.SendAsync(NodeId, Ping("x"), Timeout, CancellationToken.None);
        var sent = NextCommand(session);

        _time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.False(sending.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var failure = await Assert.ThrowsAsync<CommandFailedException>(() => sending);
        Assert.Equal(CommandFailureKind.DeadlineExceeded, failure.Failure);
        Assert.Contains($"node {NodeId} is connected but did not answer within 5000 ms", failure.Message, StringComparison.Ordinal);
        Assert.Contains(sent.Id, failure.Message, StringComparison.Ordinal);
        // A late answer finds nothing waiting and is dropped quietly.
        _registry.Complete(NodeId, Pong(sent.Id, "late"));
    }

    [Fact]
    public async Task A_command_whose_node_left_and_did_not_return_says_so_at_the_deadline()
    {
        var session = _registry.Attach(NodeId, "instance", "10.77.0.5");
        var sending = _registry.SendAsync(NodeId, Ping("x"), Timeout, CancellationToken.None);
        NextCommand(session);
        session.Close();
        _registry.Detach(session);
        session.Dispose();

        _time.Advance(Timeout);

        var failure = await Assert.ThrowsAsync<CommandFailedException>(() => sending);
        Assert.Equal(CommandFailureKind.DeadlineExceeded, failure.Failure);
        Assert.Contains($"node {NodeId} disconnected and did not come back", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_result_from_another_node_is_ignored()
    {
        using var session = _registry.Attach(NodeId, "instance", "10.77.0.5");
        using var other = _registry.Attach("20000000abcdef02", "other-instance", "10.77.0.6");
        var sending = _registry.SendAsync(NodeId, Ping("x"), Timeout, CancellationToken.None);
        var sent = NextCommand(session);

        _registry.Complete("20000000abcdef02", Pong(sent.Id, "forged"));
        _registry.Complete(NodeId, Pong(sent.Id, "genuine"));

        Assert.Equal("genuine", (await sending).Pong.Payload.ToStringUtf8());
    }

    [Fact]
    public async Task A_pending_command_is_resent_with_the_same_id_on_the_stream_that_replaces_the_old_one()
    {
        using var old = _registry.Attach(NodeId, "instance", "10.77.0.5");
        var sending = _registry.SendAsync(NodeId, Ping("x"), Timeout, CancellationToken.None);
        var first = NextCommand(old);

        using var replacement = _registry.Attach(NodeId, "instance", "10.77.0.5");

        Assert.True(old.Closed.IsCancellationRequested);
        Assert.True(old.Outbox.Completion.IsCompleted);
        var resent = NextCommand(replacement);
        Assert.Equal(first.Id, resent.Id);
        Assert.Equal(first.Deadline, resent.Deadline);
        _registry.Complete(NodeId, Pong(resent.Id, "x"));
        Assert.Equal(first.Id, (await sending).Id);
    }

    [Fact]
    public async Task A_command_sent_while_its_stream_is_being_replaced_reaches_the_new_stream()
    {
        var time = new InterruptingTimeProvider(_time.GetUtcNow());
        var registry = new AgentRegistry(time);
        using var old = registry.Attach(NodeId, "instance", "10.77.0.5");
        AgentSession? replacement = null;
        // SendAsync reads the clock for the command's deadline; the agent reconnects right then.
        time.OnNextRead(() => replacement = registry.Attach(NodeId, "instance", "10.77.0.5"));

        var sending = registry.SendAsync(NodeId, Ping("x"), Timeout, CancellationToken.None);

        Assert.NotNull(replacement);
        using (replacement)
        {
            var sent = NextCommand(replacement);
            registry.Complete(NodeId, Pong(sent.Id, "x"));
            Assert.Equal(sent.Id, (await sending).Id);
        }
    }

    [Fact]
    public async Task A_new_stream_does_not_receive_commands_that_already_ended()
    {
        using var old = _registry.Attach(NodeId, "instance", "10.77.0.5");
        var sending = _registry.SendAsync(NodeId, Ping("x"), Timeout, CancellationToken.None);
        _registry.Complete(NodeId, Pong(NextCommand(old).Id, "x"));
        await sending;

        using var replacement = _registry.Attach(NodeId, "instance", "10.77.0.5");

        Assert.False(replacement.Outbox.TryRead(out _));
    }

    [Fact]
    public void Detach_removes_only_the_current_session()
    {
        using var old = _registry.Attach(NodeId, "instance", "10.77.0.5");
        using var current = _registry.Attach(NodeId, "instance", "10.77.0.5");

        Assert.False(_registry.Detach(old));
        Assert.True(_registry.IsConnected(NodeId));
        Assert.Same(current, _registry.Find(NodeId));

        Assert.True(_registry.Detach(current));
        Assert.False(_registry.IsConnected(NodeId));
        Assert.Equal(0, _registry.Count);
    }

    private static Command NextCommand(AgentSession session)
    {
        Assert.True(session.Outbox.TryRead(out var message), $"nothing was sent to {session.NodeId}");
        Assert.Equal(HubMessage.BodyOneofCase.Command, message.BodyCase);
        return message.Command;
    }

    private static Command Ping(string payload) => new() { Ping = new Ping { Payload = ByteString.CopyFromUtf8(payload) } };

    private static CommandResult Pong(string id, string payload) =>
        new() { Id = id, Pong = new Pong { Payload = ByteString.CopyFromUtf8(payload) } };
}
