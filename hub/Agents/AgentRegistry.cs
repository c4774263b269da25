using System.Collections.Concurrent;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using PiController.Protocol.Link;

namespace PiController.Hub.Agents;

/// <summary>
/// The connected agents and the commands in flight. A command belongs to its node, not to one stream: when the
/// stream drops and the agent comes back before the deadline, the command is re-sent with the same id and the
/// agent answers it from its journal. Every command ends exactly once: with the result, or with a clear failure.
/// </summary>
internal sealed class AgentRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, AgentSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingCommand> _pending = new(StringComparer.Ordinal);
    private readonly string _prefix = Convert.ToHexStringLower(global::System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
    // Striped: a fixed number of gates, so ids named by API callers cannot grow a table.
    private readonly Lock[] _gates = Enumerable.Range(0, 64).Select(_ => new Lock()).ToArray();
    private long _sequence;

    private sealed record PendingCommand(string NodeId, HubMessage Message, TaskCompletionSource<CommandResult> Completion);

    public int Count => _sessions.Count;

    public bool IsConnected(string nodeId) => _sessions.ContainsKey(nodeId);

    public AgentSession? Find(string nodeId) => _sessions.GetValueOrDefault(nodeId);

    /// <summary>
    /// Registers a new stream for the node once <paramref name="admit"/> accepts it; an older stream of the node is
    /// closed. <paramref name="admit"/> runs under the node's gate, which <see cref="Disconnect"/> takes too: a
    /// revocation committed before it is seen by it, and one committed after it closes the new session.
    /// </summary>
    public AgentSession Attach(string nodeId, string instanceId, string remoteAddress, Action? admit = null, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        AgentSession session;
        lock (Gate(nodeId))
        {
            admit?.Invoke();
            session = new AgentSession(nodeId, instanceId, remoteAddress, time.GetUtcNow(), certificate);
            _sessions.AddOrUpdate(nodeId, session, (_, previous) =>
            {
                previous.Close();
                return session;
            });
        }
        foreach (var pending in _pending.Values.Where(p => p.NodeId == nodeId))
        {
            // A fresh session's outbox has room; a full one means the command waits for its deadline.
            session.TryEnqueue(pending.Message);
        }
        return session;
    }

    /// <summary>Removes the session if it is still the node's current one; returns whether it was.</summary>
    public bool Detach(AgentSession session) =>
        _sessions.TryRemove(new KeyValuePair<string, AgentSession>(session.NodeId, session));

    /// <summary>Closes the node's stream. Call it after committing a revocation, so that no stream outlives it.</summary>
    public void Disconnect(string nodeId)
    {
        lock (Gate(nodeId))
        {
            if (_sessions.TryGetValue(nodeId, out var session))
            {
                session.Close();
            }
        }
    }

    private Lock Gate(string nodeId) => _gates[(StringComparer.Ordinal.GetHashCode(nodeId) & int.MaxValue) % _gates.Length];

    public void CloseAll()
    {
        foreach (var session in _sessions.Values)
        {
            session.Close();
        }
    }

    /// <summary>Sends a command and waits for its result until <paramref name="timeout"/> passes.</summary>
    public async Task<CommandResult> SendAsync(string nodeId, Command command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        command.Id = $"{_prefix}-{Interlocked.Increment(ref _sequence):x}";
        command.Deadline = Timestamp.FromDateTimeOffset(time.GetUtcNow() + timeout);
        var message = new HubMessage { Command = command };
        var completion = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Pending before the session is looked up, so a stream that replaces it in between gets the command from
        // Attach (perhaps twice: the agent answers an id once).
        _pending[command.Id] = new PendingCommand(nodeId, message, completion);
        try
        {
            if (!_sessions.TryGetValue(nodeId, out var session))
            {
                throw Offline(nodeId);
            }
            try
            {
                await session.EnqueueAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException) when (!IsConnected(nodeId))
            {
                throw Offline(nodeId);
            }
            catch (ChannelClosedException)
            {
                // The stream was replaced while we wrote; Attach re-sent the command on the new one.
            }
            return await completion.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var state = IsConnected(nodeId) ? "is connected but did not answer" : "disconnected and did not come back";
            throw new CommandFailedException(CommandFailureKind.DeadlineExceeded,
                $"node {nodeId} {state} within {timeout.TotalMilliseconds:0} ms (command {command.Id}, {command.OpCase})");
        }
        finally
        {
            _pending.TryRemove(command.Id, out _);
        }
    }

    /// <summary>Delivers a result from the node's stream; a result for another node's command is ignored.</summary>
    public void Complete(string nodeId, CommandResult result)
    {
        if (_pending.TryGetValue(result.Id, out var pending) && pending.NodeId == nodeId)
        {
            pending.Completion.TrySetResult(result);
        }
    }

    private static CommandFailedException Offline(string nodeId) =>
        new(CommandFailureKind.NodeOffline, $"node {nodeId} is not connected; check that pi-agent is running on it (systemctl status pi-agent)");
}
