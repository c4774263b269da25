using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using PiController.Agent.Link;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Link;

public sealed class CommandDispatcherTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static CommandDispatcher Dispatcher() => new(new CommandJournal(), new FixedTime(Now));

    private static Command Ping(string id, DateTimeOffset? deadline = null) => new()
    {
        Id = id,
        Deadline = deadline is { } d ? Timestamp.FromDateTimeOffset(d) : null,
        Ping = new Ping { Payload = ByteString.CopyFromUtf8("hello") },
    };

    [Fact]
    public async Task Ping_is_answered_with_its_payload()
    {
        var result = await Dispatcher().HandleAsync(Ping("c1", Now.AddSeconds(5)));

        Assert.NotNull(result);
        Assert.Equal("c1", result.Id);
        Assert.Equal("hello", result.Pong.Payload.ToStringUtf8());
    }

    [Fact]
    public async Task Same_id_is_answered_from_the_record_not_executed_twice()
    {
        var dispatcher = Dispatcher();
        var first = await dispatcher.HandleAsync(Ping("c1"));
        await Task.Delay(5);

        var again = await dispatcher.HandleAsync(Ping("c1"));

        // A second execution would carry a later monotonic timestamp.
        Assert.NotNull(first);
        Assert.Same(first, again);
        Assert.Equal(first.Pong.AgentMonotonicNs, again!.Pong.AgentMonotonicNs);
    }

    [Fact]
    public async Task Passed_deadline_is_answered_with_deadline_exceeded()
    {
        var result = await Dispatcher().HandleAsync(Ping("late", Now.AddMilliseconds(-1)));

        Assert.Equal(CommandResult.OutcomeOneofCase.Error, result?.OutcomeCase);
        Assert.Equal(CommandError.Types.Code.DeadlineExceeded, result!.Error.Code);
    }

    [Fact]
    public async Task Op_this_agent_does_not_know_is_unsupported()
    {
        // What a newer hub's command looks like here: an op field number this agent's schema does not have.
        var bytes = new Command { Id = "new-op" }.ToByteArray()
            .Concat(new byte[] { (15 << 3) | 2, 0 }) // field 15, length-delimited, empty
            .ToArray();
        var command = Command.Parser.ParseFrom(bytes);

        var result = await Dispatcher().HandleAsync(command);

        Assert.Equal(Command.OpOneofCase.None, command.OpCase);
        Assert.Equal(CommandError.Types.Code.Unsupported, result?.Error.Code);
        Assert.Contains("upgrade pi-controller-agent", result!.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_without_an_id_is_an_invalid_argument()
    {
        var result = await Dispatcher().HandleAsync(new Command { Ping = new Ping() });

        Assert.Equal(CommandError.Types.Code.InvalidArgument, result?.Error.Code);
    }
}
