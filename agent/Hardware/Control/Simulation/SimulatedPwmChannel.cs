using System.Device.Pwm;

namespace PiController.Agent.Hardware.Control.Simulation;

/// <summary>A PWM channel of the simulated board: keeps frequency, duty cycle and whether it runs, as sysfs would.</summary>
internal sealed class SimulatedPwmChannel(int chip, int channel, int frequency, double dutyCycle) : PwmChannel
{
    public int Chip { get; } = chip;

    public int Channel { get; } = channel;

    public override int Frequency
    {
        get => frequency;
        set => frequency = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "frequency must be positive");
    }

    public override double DutyCycle
    {
        get => dutyCycle;
        set => dutyCycle = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "duty cycle is 0.0-1.0");
    }

    public bool Running { get; private set; }

    public override void Start() => Running = true;

    public override void Stop() => Running = false;
}
