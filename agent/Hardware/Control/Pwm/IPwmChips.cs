using System.Device.Pwm;

namespace PiController.Agent.Hardware.Control.Pwm;

/// <summary>The seam between the PWM service and the kernel's PWM controllers (sysfs), or the simulated ones.</summary>
internal interface IPwmChips
{
    /// <summary>The pwmchip number of the header's PWM controller and its channel count, or null when the kernel has none.</summary>
    (int Chip, int Channels)? HeaderController();

    PwmChannel Open(int chip, int channel, int frequencyHz, double dutyFraction);
}
