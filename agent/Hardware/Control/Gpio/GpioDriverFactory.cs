using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using PiController.Agent.Hardware.Control.Pins;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Control.Gpio;

/// <summary>
/// Opens the header's GPIO chip through libgpiod, the way dotnet/iot's UnixDriver.Create does: whichever libgpiod
/// the system has (v2, libgpiod.so.3, on newer systems; v1, libgpiod.so.2, on Raspberry Pi OS bookworm), catching
/// only "platform not supported" and "library missing" and moving on. The chip is found by its label, so the
/// Pi 5's RP1 is used whether the kernel numbers it gpiochip4 or gpiochip0.
/// </summary>
internal static class GpioDriverFactory
{
    public const string Hint = "install libgpiod (apt install libgpiod2 on Raspberry Pi OS bookworm, libgpiod3 on trixie)";

    public static GpioController Create(HardwareReport report)
    {
        var chip = HeaderChip.Find(report) ?? throw HardwareException.Unsupported(
            "this board has no GPIO chip with the header's lines (no /dev/gpiochipN with 28 or more lines); GPIO is not available here");
        var number = HeaderChip.Number(chip) ?? 0;
        var reasons = new List<string>();
        foreach (var create in (ReadOnlySpan<Func<int, GpioDriver>>)[n => new LibGpiodV2Driver(n), n => new LibGpiodDriver(n)])
        {
            try
            {
                return new GpioController(create(number));
            }
            catch (PlatformNotSupportedException e)
            {
                reasons.Add(e.Message);
            }
            catch (DllNotFoundException e)
            {
                reasons.Add(e.Message);
            }
        }
        throw HardwareException.Unsupported($"cannot open {chip.Name} ({chip.Label}) through libgpiod: {string.Join("; ", reasons)}; {Hint}");
    }
}
