using PiController.Agent.Link;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Hardware.Control;

public sealed class HardwareCommandsTests
{
    [Fact]
    public async Task Hardware_commands_complete_later_and_are_answered_once_by_id()
    {
        using var board = new SimBoard();
        var dispatcher = new CommandDispatcher(new CommandJournal(), TimeProvider.System, board.Commands);
        var command = new Command { Id = "w1", GpioWrite = new GpioWrite { Pin = "17", High = true } };

        var first = await dispatcher.HandleAsync(command);
        board.Gpio.Write("17", false);
        var again = await dispatcher.HandleAsync(command);

        Assert.True(first!.Gpio.Pins[0].High);
        Assert.Same(first, again);
        // The repeat was answered from the journal, not executed: the pin keeps the later level.
        Assert.False(board.Gpio.Read("17").Pins[0].High);
    }

    [Fact]
    public async Task Commands_run_in_the_order_they_arrived()
    {
        using var board = new SimBoard();
        var tasks = Enumerable.Range(0, 50)
            .Select(i => board.Commands.EnqueueAsync(new Command { Id = $"c{i}", GpioWrite = new GpioWrite { Pin = "17", High = i % 2 == 0 } }))
            .ToList();

        var results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.Equal(CommandResult.OutcomeOneofCase.Gpio, r.OutcomeCase));
        Assert.False(board.Gpio.Read("17").Pins[0].High);
    }

    [Fact]
    public void Refusals_carry_the_code_and_the_message()
    {
        using var board = new SimBoard();

        var result = board.Run(new Command { GpioWrite = new GpioWrite { Pin = "2", High = true } });

        Assert.Equal(CommandError.Types.Code.FailedPrecondition, result.Error.Code);
        Assert.Contains("I2C1 SDA", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_whose_deadline_passed_in_the_queue_does_not_run()
    {
        using var board = new SimBoard();

        var result = await board.Commands.EnqueueAsync(new Command
        {
            Id = "late",
            Deadline = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-1)),
            GpioWrite = new GpioWrite { Pin = "17", High = true },
        });

        Assert.Equal(CommandError.Types.Code.DeadlineExceeded, result.Error.Code);
        Assert.Empty(board.Gpio.Setups);
    }
}
