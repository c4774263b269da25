using PiController.Agent.Hardware.Control;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Link;

public sealed class LinkCommandsTests
{
    [Fact]
    public void Every_link_command_has_one_row_in_the_table()
    {
        var ops = Enum.GetValues<Command.OpOneofCase>().Where(op => op != Command.OpOneofCase.None);

        Assert.All(ops, op => Assert.NotNull(LinkCommands.Find(op)));
    }

    [Fact]
    public void The_hardware_worker_runs_every_command_the_table_says_touches_hardware_and_answers_with_its_outcome_or_an_error()
    {
        using var board = new SimBoard();

        foreach (var row in LinkCommands.All.Where(r => r.TouchesHardware))
        {
            var field = Command.Descriptor.Oneofs.Single(o => o.Name == "op").Fields.Single(f => f.PropertyName == row.Op.ToString());
            var command = new Command();
            field.Accessor.SetValue(command, field.MessageType.Parser.ParseFrom(Google.Protobuf.ByteString.Empty));
            Assert.True(HardwareCommands.Handles(command), $"{row.Op} is not handled by the hardware worker");

            var result = board.Run(command);

            // An empty command is mostly refused (it names no pin); what matters is that the worker's switch knows it.
            Assert.True(result.OutcomeCase == row.Outcome || result.Error.Code != CommandError.Types.Code.Unsupported,
                $"{row.Op} answered {result.OutcomeCase}: {result.Error?.Message}");
        }
    }
}
