using System.Device.Pwm;
using PiController.Agent.Hardware.Control.Pwm;

namespace PiController.Agent.Hardware.Control.Simulation;

/// <summary>The simulated Pi 4B's PWM: pwmchip0 with two channels, as after dtoverlay=pwm-2chan.</summary>
internal sealed class SimulatedPwmChips : IPwmChips
{
    public (int Chip, int Channels)? HeaderController() => (0, 2);

    public PwmChannel Open(int chip, int channel, int frequencyHz, double dutyFraction) =>
        new SimulatedPwmChannel(chip, channel, frequencyHz, dutyFraction);
}
