using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Control.Pins;

/// <summary>
/// Decides whether a header GPIO may be used, from what the board reports: the HAT ID pins, pins of an enabled
/// I2C, SPI or UART function, lines the kernel or another process holds, and pins this agent holds for another
/// purpose. Every refusal says why and what to do; nothing is changed by asking.
/// </summary>
internal sealed class PinSafety(Func<HardwareReport> report, PinClaims claims)
{
    private const string ConfigTxt = "/boot/firmware/config.txt";

    public void Check(int bcm, PinOwner purpose)
    {
        if (bcm is 0 or 1)
        {
            throw HardwareException.Refused($"GPIO{bcm} is {(bcm == 0 ? "ID_SD" : "ID_SC")}, reserved for the HAT identification EEPROM that the firmware reads at boot; use another pin");
        }
        claims.EnsureFreeFor(bcm, purpose);
        if (claims.IsHeld(bcm))
        {
            // Ours already: the kernel's view below would only show our own request.
            return;
        }
        var current = report();
        if (FunctionOf(bcm, current) is { } function)
        {
            throw HardwareException.Conflict($"GPIO{bcm} is in use by {function}; use another pin, or {HowToDisable(function)}");
        }
        if (HeaderChip.Find(current) is { } chip && chip.Lines.FirstOrDefault(l => l.Offset == bcm) is { Used: true } line)
        {
            var who = line.Consumer.Length > 0 ? $"\"{line.Consumer}\"" : "another process or a kernel driver";
            throw HardwareException.Conflict($"GPIO{bcm} is held by {who} ({chip.Name} line {bcm}); free it first (remove the dtoverlay or stop the program that holds it, see gpioinfo), or use another pin");
        }
    }

    /// <summary>The enabled bus function that owns the pin ("I2C1 SDA (/dev/i2c-1)"), or null.</summary>
    public static string? FunctionOf(int bcm, HardwareReport report)
    {
        if (bcm is 2 or 3 && report.I2CBuses.Any(b => b.Bus == 1))
        {
            return $"I2C1 {(bcm == 2 ? "SDA" : "SCL")} (/dev/i2c-1)";
        }
        if (report.SpiDevices.Any(d => d.Bus == 0))
        {
            switch (bcm)
            {
                case 9: return "SPI0 MISO (/dev/spidev0.*)";
                case 10: return "SPI0 MOSI (/dev/spidev0.*)";
                case 11: return "SPI0 SCLK (/dev/spidev0.*)";
                case 8 when report.SpiDevices.Any(d => d is { Bus: 0, ChipSelect: 0 }): return "SPI0 CE0 (/dev/spidev0.0)";
                case 7 when report.SpiDevices.Any(d => d is { Bus: 0, ChipSelect: 1 }): return "SPI0 CE1 (/dev/spidev0.1)";
            }
        }
        if (report.SpiDevices.Any(d => d.Bus == 1))
        {
            switch (bcm)
            {
                case 19: return "SPI1 MISO (/dev/spidev1.*)";
                case 20: return "SPI1 MOSI (/dev/spidev1.*)";
                case 21: return "SPI1 SCLK (/dev/spidev1.*)";
                case 18 when report.SpiDevices.Any(d => d is { Bus: 1, ChipSelect: 0 }): return "SPI1 CE0 (/dev/spidev1.0)";
                case 17 when report.SpiDevices.Any(d => d is { Bus: 1, ChipSelect: 1 }): return "SPI1 CE1 (/dev/spidev1.1)";
                case 16 when report.SpiDevices.Any(d => d is { Bus: 1, ChipSelect: 2 }): return "SPI1 CE2 (/dev/spidev1.2)";
            }
        }
        // The mini UART (ttyS0) is only ever on GPIO14/15; on a Pi 5 so is ttyAMA0 (its debug UART is ttyAMA10).
        // On a Pi 3/4 with Bluetooth, ttyAMA0 drives the Bluetooth chip, not the header.
        if (bcm is 14 or 15 && (report.Uarts.Any(u => u.Name == "ttyS0")
                                || (report.Uarts.Any(u => u.Name == "ttyAMA0") && report.Board?.Processor == "BCM2712")))
        {
            var uart = report.Uarts.Any(u => u.Name == "ttyS0") ? "ttyS0" : "ttyAMA0";
            return $"UART {(bcm == 14 ? "TXD" : "RXD")} (/dev/{uart})";
        }
        return null;
    }

    private static string HowToDisable(string function) => function switch
    {
        _ when function.StartsWith("I2C1", StringComparison.Ordinal) => $"disable I2C (dtparam=i2c_arm=off in {ConfigTxt}) and reboot",
        _ when function.StartsWith("SPI0", StringComparison.Ordinal) => $"disable SPI (dtparam=spi=off in {ConfigTxt}) and reboot",
        _ when function.StartsWith("SPI1", StringComparison.Ordinal) => $"remove dtoverlay=spi1-* from {ConfigTxt} and reboot",
        _ => $"disable the serial port (enable_uart=0 in {ConfigTxt}, or raspi-config) and reboot",
    };
}
