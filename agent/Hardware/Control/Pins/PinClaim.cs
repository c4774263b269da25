namespace PiController.Agent.Hardware.Control.Pins;

/// <summary>Who holds a pin on this agent: a GPIO configuration or a PWM channel, with a description for errors.</summary>
internal sealed record PinClaim(int Bcm, PinOwner Owner, string Description);

internal enum PinOwner
{
    Gpio,
    Pwm,
}
