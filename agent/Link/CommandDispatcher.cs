using System.Collections.Concurrent;
using System.Diagnostics;
using PiController.Agent.Hardware.Control;
using PiController.Agent.K3s;
using PiController.Protocol.Link;

namespace PiController.Agent.Link;

/// <summary>
/// Turns a typed command into its result. Each id is answered exactly once: repeats are answered from the
/// journal, and a command whose deadline has passed is answered with DEADLINE_EXCEEDED without running.
/// Hardware and K3s commands complete later, so the caller's loop is never held up. A K3s step can outlast a stream
/// (a download): when the hub re-sends it on the next stream while it still runs, the re-send waits for that run's
/// result instead of answering nothing, since the first run's answer went to the stream that ended.
/// </summary>
internal sealed class CommandDispatcher(CommandJournal journal, TimeProvider time, HardwareCommands? hardware = null, K3sCommands? k3s = null, CancellationToken stopping = default)
{
    private readonly ConcurrentDictionary<string, Task<CommandResult>> _running = new(StringComparer.Ordinal);

    /// <summary>Returns the result to send, or null when the same id is already running (its result follows).</summary>
    public ValueTask<CommandResult?> HandleAsync(Command command)
    {
        if (string.IsNullOrEmpty(command.Id))
        {
            return ValueTask.FromResult<CommandResult?>(Error("", CommandError.Types.Code.InvalidArgument, "command has no id"));
        }
        if (!journal.TryBegin(command.Id, out var recorded))
        {
            return recorded is null && _running.TryGetValue(command.Id, out var running)
                ? new ValueTask<CommandResult?>(running.ContinueWith(t => (CommandResult?)t.Result, TaskScheduler.Default))
                : ValueTask.FromResult(recorded);
        }
        CommandResult result;
        if (command.Deadline is { } deadline && deadline.ToDateTimeOffset() < time.GetUtcNow())
        {
            result = Error(command.Id, CommandError.Types.Code.DeadlineExceeded, "the command's deadline passed before it reached the agent");
        }
        else if (hardware is not null && HardwareCommands.Handles(command))
        {
            return CompleteLaterAsync(hardware.EnqueueAsync(command));
        }
        else if (k3s is not null && K3sCommands.Handles(command))
        {
            var running = k3s.RunAsync(command, stopping);
            _running[command.Id] = running;
            return CompleteLaterAsync(running, command.Id);
        }
        else
        {
            result = Execute(command);
        }
        journal.Complete(result);
        return ValueTask.FromResult<CommandResult?>(result);
    }

    private async ValueTask<CommandResult?> CompleteLaterAsync(Task<CommandResult> running, string? tracked = null)
    {
        try
        {
            var result = await running.ConfigureAwait(false);
            journal.Complete(result);
            return result;
        }
        finally
        {
            if (tracked is not null)
            {
                _running.TryRemove(tracked, out _);
            }
        }
    }

    private static CommandResult Execute(Command command) => command.OpCase switch
    {
        Command.OpOneofCase.Ping => new CommandResult
        {
            Id = command.Id,
            Pong = new Pong { Payload = command.Ping.Payload, AgentMonotonicNs = (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency)) },
        },
        _ => Error(command.Id, CommandError.Types.Code.Unsupported,
            $"this agent ({AgentVersion.Current}) does not know the command \"{command.OpCase}\"; upgrade pi-controller-agent"),
    };

    public static CommandResult Error(string id, CommandError.Types.Code code, string message) =>
        new() { Id = id, Error = new CommandError { Code = code, Message = message } };
}
