using PiController.Protocol.Hardware;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Probe;

/// <summary>
/// The report of the simulated board (--board sim): shaped like a Raspberry Pi 4 Model B (revision c03115) with
/// the line names of its pinctrl-bcm2711 chip, and marked simulated so that nobody mistakes it for hardware.
/// </summary>
internal static class SimulatedBoard
{
    public const uint Revision = 0xc03115;

    // The names the Pi 4B device tree gives the 58 lines of pinctrl-bcm2711.
    private static readonly string[] LineNames =
    [
        "ID_SDA", "ID_SCL", "GPIO2", "GPIO3", "GPIO4", "GPIO5", "GPIO6", "GPIO7", "GPIO8", "GPIO9", "GPIO10", "GPIO11",
        "GPIO12", "GPIO13", "GPIO14", "GPIO15", "GPIO16", "GPIO17", "GPIO18", "GPIO19", "GPIO20", "GPIO21", "GPIO22",
        "GPIO23", "GPIO24", "GPIO25", "GPIO26", "GPIO27", "RGMII_MDIO", "RGMIO_MDC", "CTS0", "RTS0", "TXD0", "RXD0",
        "SD1_CLK", "SD1_CMD", "SD1_DATA0", "SD1_DATA1", "SD1_DATA2", "SD1_DATA3", "PWM0_MISO", "PWM1_MOSI",
        "STATUS_LED_G_CLK", "SPIFLASH_CE_N", "SDA0", "SCL0", "RGMII_RXCLK", "RGMII_RXCTL", "RGMII_RXD0", "RGMII_RXD1",
        "RGMII_RXD2", "RGMII_RXD3", "RGMII_TXCLK", "RGMII_TXCTL", "RGMII_TXD0", "RGMII_TXD1", "RGMII_TXD2", "RGMII_TXD3",
    ];

    public static HardwareReport Report(string serial)
    {
        var revision = new RevisionCode(Revision);
        var report = new HardwareReport
        {
            Simulated = true,
            Board = new BoardIdentity
            {
                RaspberryPi = true,
                Model = SystemInfoReader.SimulatedModel,
                Serial = serial,
                RevisionCode = revision.Value,
                BoardTypeCode = revision.TypeCode,
                BoardType = revision.Type!,
                BoardRevision = revision.Revision!,
                MemoryMegabytes = revision.MemoryMegabytes!.Value,
                Manufacturer = revision.Manufacturer!,
                Processor = revision.Processor!,
            },
        };
        var chip = new GpioChip { Name = "gpiochip0", Label = "pinctrl-bcm2711", LineCount = (uint)LineNames.Length };
        for (var offset = 0; offset < LineNames.Length; offset++)
        {
            var act = LineNames[offset] == "STATUS_LED_G_CLK";
            chip.Lines.Add(new GpioLine { Offset = (uint)offset, Name = LineNames[offset], Consumer = act ? "ACT" : "", Used = act });
        }
        report.GpioChips.Add(chip);
        report.I2CBuses.Add(new I2cBus { Bus = 1, Name = "bcm2835 (i2c@7e804000)" });
        report.ThermalZones.Add(new ThermalZone { Zone = 0, Type = "cpu-thermal" });
        return report;
    }
}
