using PiController.Agent.Hardware.Probe;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Hardware.Probe;

public sealed class HardwareChangesTests
{
    private HardwareReport _current = Report(consumer: "");

    private static HardwareReport Report(string consumer)
    {
        var report = new HardwareReport { Board = new BoardIdentity { RaspberryPi = true, Model = "Raspberry Pi 4 Model B Rev 1.4" } };
        var chip = new GpioChip { Name = "gpiochip0", Label = "pinctrl-bcm2711", LineCount = 1 };
        chip.Lines.Add(new GpioLine { Offset = 0, Name = "GPIO17", Consumer = consumer, Used = consumer.Length > 0 });
        report.GpioChips.Add(chip);
        return report;
    }

    [Fact]
    public void Unchanged_hardware_is_not_sent_again()
    {
        var changes = new HardwareChanges(() => _current.Clone());
        changes.Baseline();

        Assert.Null(changes.Poll());
    }

    [Fact]
    public void Claimed_line_is_a_change_and_is_sent_once()
    {
        var changes = new HardwareChanges(() => _current.Clone());
        changes.Baseline();
        _current = Report(consumer: "gpio-shutdown");

        var changed = changes.Poll();
        changes.Sent(changed!);

        Assert.Equal("gpio-shutdown", changed?.GpioChips[0].Lines[0].Consumer);
        Assert.Null(changes.Poll());
    }

    [Fact]
    public void Change_that_was_not_sent_is_offered_again()
    {
        var changes = new HardwareChanges(() => _current.Clone());
        changes.Baseline();
        _current = Report(consumer: "gpio-shutdown");
        changes.Poll();

        Assert.NotNull(changes.Poll());
    }
}
