using System.Buffers.Binary;
using System.Device.I2c;
using PiController.Agent.Hardware.Control.Pins;

namespace PiController.Agent.Hardware.Control.I2c;

/// <summary>
/// Checks that the chip at an address is the device type asked for, before a binding is made: several bindings
/// write registers in their constructors (the ADS1115 its config register, the SHT3x a soft reset, the BMx280 its
/// control registers), and those bytes would land in whatever chip really answers there. Only register pointers
/// are written here, except for the SHT3x, whose status is read with its two-byte "read status" command.
/// A BME280 or BMP280 names itself (chip id at 0xD0), an SHT3x answers its status with a CRC; an ADS1115 and an
/// MCP23017 have no id register, so for them this is a plausibility check of registers they always hold, and the
/// refusal says so.
/// </summary>
internal static class I2cIdentity
{
    public const byte Bme280ChipId = 0x60;
    public const byte Bmp280ChipId = 0x58;
    private const byte ChipIdRegister = 0xD0;

    public static void Check(string device, I2cDevice bus)
    {
        var where = $"0x{bus.ConnectionSettings.DeviceAddress:x2} on I2C bus {bus.ConnectionSettings.BusId}";
        switch (device)
        {
            case "bme280":
                CheckChipId(bus, where, "a BME280", Bme280ChipId);
                break;
            case "bmp280":
                CheckChipId(bus, where, "a BMP280", Bmp280ChipId);
                break;
            case "sht3x":
                CheckSht3x(bus, where);
                break;
            case "ads1115":
                CheckAds1115(bus, where);
                break;
            case "mcp23017":
                CheckMcp23017(bus, where);
                break;
        }
    }

    private static void CheckChipId(I2cDevice bus, string where, string name, byte expected)
    {
        var id = ReadRegister(bus, ChipIdRegister, 1)[0];
        if (id == expected)
        {
            return;
        }
        var actually = id switch
        {
            Bme280ChipId => "; that is a BME280's id: read it with --device bme280",
            Bmp280ChipId => "; that is a BMP280's id: read it with --device bmp280",
            _ => "",
        };
        throw NotThat(where, name, $"its chip id register 0x{ChipIdRegister:x2} reads 0x{id:x2}, {name}'s reads 0x{expected:x2}{actually}");
    }

    private static void CheckSht3x(I2cDevice bus, string where)
    {
        // Read status (0xF32D): a 16-bit status word followed by its CRC-8.
        Span<byte> answer = stackalloc byte[3];
        bus.WriteRead([0xF3, 0x2D], answer);
        if ((answer[0] & answer[1] & answer[2]) == 0xFF || Crc8(answer[..2]) != answer[2])
        {
            throw NotThat(where, "an SHT3x", $"its answer to the read-status command (0x{answer[0]:x2} 0x{answer[1]:x2} 0x{answer[2]:x2}) does not carry an SHT3x's CRC");
        }
    }

    private static void CheckAds1115(I2cDevice bus, string where)
    {
        var low = BinaryPrimitives.ReadUInt16BigEndian(ReadRegister(bus, 0x02, 2));
        var high = BinaryPrimitives.ReadUInt16BigEndian(ReadRegister(bus, 0x03, 2));
        // Power-on 0x8000/0x7FFF; the conversion-ready setting (Hi_thresh MSB 1, Lo_thresh MSB 0); or a comparator
        // window, Lo below Hi as signed numbers.
        var plausible = (low == 0x8000 && high == 0x7FFF)
            || ((high & 0x8000) != 0 && (low & 0x8000) == 0)
            || unchecked((short)low) < unchecked((short)high);
        if (!plausible)
        {
            throw NotThat(where, "an ADS1115",
                $"its threshold registers read Lo_thresh 0x{low:x4} and Hi_thresh 0x{high:x4}, where an ADS1115 holds 0x8000 and 0x7fff from power-on, "
                + "or a comparator window with Lo below Hi. An ADS1115 has no id register, so this is a plausibility check only; if it is an ADS1115 "
                + "whose thresholds another program set, restore them (i2c write NODE BUS ADDRESS 0x02 0x80 0x00, then 0x03 0x7f 0xff)");
        }
    }

    private static void CheckMcp23017(I2cDevice bus, string where)
    {
        // In the bank-0 layout the binding uses, IOCON answers at both 0x0A and 0x0B, and its bit 0 is unimplemented (reads 0).
        var first = ReadRegister(bus, 0x0A, 1)[0];
        var second = ReadRegister(bus, 0x0B, 1)[0];
        if (first != second || (first & 0x81) != 0)
        {
            throw NotThat(where, "an MCP23017",
                $"IOCON reads 0x{first:x2} at 0x0a and 0x{second:x2} at 0x0b, where an MCP23017 in its power-on bank-0 layout shows the same value twice "
                + "with bits 7 and 0 clear. An MCP23017 has no id register, so this is a plausibility check only");
        }
    }

    /// <summary>Writes the register pointer (a write of one byte changes nothing), then reads from there.</summary>
    public static byte[] ReadRegister(I2cDevice bus, byte register, int length)
    {
        var value = new byte[length];
        bus.WriteRead([register], value);
        return value;
    }

    private static HardwareException NotThat(string where, string name, string why) =>
        HardwareException.Refused($"{where} is not {name}: {why}. Its binding was not started, so nothing was configured on it; check the address (pi-controller i2c scan NODE BUS) and the device type");

    /// <summary>Sensirion's CRC-8: polynomial 0x31, initial value 0xFF.</summary>
    public static byte Crc8(ReadOnlySpan<byte> data)
    {
        byte crc = 0xFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 0x80) != 0 ? (byte)((crc << 1) ^ 0x31) : (byte)(crc << 1);
            }
        }
        return crc;
    }
}
