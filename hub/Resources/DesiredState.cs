using PiController.Protocol.Link;

namespace PiController.Hub.Resources;

/// <summary>A GPIO spec after validation: protocol values, canonical BCM pin.</summary>
internal sealed record DesiredGpio(int Bcm, GpioMode Mode, GpioPull Pull, bool ActiveLow, GpioEdge Edge, uint DebounceMs, bool High);

/// <summary>A PWM spec after validation.</summary>
internal sealed record DesiredPwm(int Bcm, uint FrequencyHz, double DutyPercent);

/// <summary>An I2C spec after validation.</summary>
internal sealed record DesiredI2c(uint Bus, uint Address, string Device, uint IntervalMs);

/// <summary>
/// A valid spec of any kind: what it claims on its node (<c>Claim</c>: "gpio17" for a pin, which GPIO and PWM
/// share, "i2c-1-0x76" for a bus address), how to name that to a person (<c>Target</c>), and whether deleting
/// the resource gives the pin back. Exactly one of <c>Gpio</c>, <c>Pwm</c>, <c>I2c</c> is set.
/// </summary>
internal sealed record ValidSpec(ResourceKind Kind, string Claim, string Target, bool ReleaseOnDelete, DesiredGpio? Gpio = null, DesiredPwm? Pwm = null, DesiredI2c? I2c = null)
{
    public static string PinClaim(int bcm) => $"gpio{bcm}";

    public static string I2cClaim(uint bus, uint address) => $"i2c-{bus}-0x{address:x2}";
}
