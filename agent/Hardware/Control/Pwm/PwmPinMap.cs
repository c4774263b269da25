namespace PiController.Agent.Hardware.Control.Pwm;

/// <summary>A header pin's hardware PWM: the channel of the SoC's PWM0 controller that can drive it.</summary>
internal readonly record struct PwmRoute(int Bcm, int Channel, string Overlay);

/// <summary>
/// Which header pins have a hardware PWM channel. Pi 1-4 (BCM2835-BCM2711): PWM0 channel 0 on GPIO12 or GPIO18,
/// channel 1 on GPIO13 or GPIO19 (one pin per channel at a time, chosen by the overlay). Pi 5 (RP1): pwm0
/// channels 0-3 on GPIO12, 13, 18 and 19. The kernel exposes the channels only when an overlay routes them.
/// </summary>
internal static class PwmPinMap
{
    public const string ConfigTxt = "/boot/firmware/config.txt";

    public static PwmRoute? Route(int bcm, string? processor)
    {
        if (processor == "BCM2712")
        {
            return bcm switch
            {
                12 => new PwmRoute(12, 0, "dtoverlay=pwm-2chan,pin=12,func=0,pin2=13,func2=0"),
                13 => new PwmRoute(13, 1, "dtoverlay=pwm-2chan,pin=12,func=0,pin2=13,func2=0"),
                18 => new PwmRoute(18, 2, "dtoverlay=pwm-2chan,pin=18,func=0,pin2=19,func2=0"),
                19 => new PwmRoute(19, 3, "dtoverlay=pwm-2chan,pin=18,func=0,pin2=19,func2=0"),
                _ => null,
            };
        }
        return bcm switch
        {
            12 => new PwmRoute(12, 0, "dtoverlay=pwm-2chan,pin=12,func=4,pin2=13,func2=4"),
            13 => new PwmRoute(13, 1, "dtoverlay=pwm-2chan,pin=12,func=4,pin2=13,func2=4"),
            18 => new PwmRoute(18, 0, "dtoverlay=pwm-2chan"),
            19 => new PwmRoute(19, 1, "dtoverlay=pwm-2chan"),
            _ => null,
        };
    }

    public static string NoChannel(int bcm) =>
        $"GPIO{bcm} has no hardware PWM channel; hardware PWM is on GPIO12, GPIO13, GPIO18 and GPIO19";

    public static string Absent(PwmRoute route, string what) =>
        $"{what}: GPIO{route.Bcm} needs PWM channel {route.Channel}; enable it with {route.Overlay} in {ConfigTxt} and reboot";
}
