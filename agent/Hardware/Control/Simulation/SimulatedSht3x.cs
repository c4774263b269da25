namespace PiController.Agent.Hardware.Control.Simulation;

/// <summary>
/// An SHT3x (Sensirion SHT3x-DIS datasheet): 16-bit commands, and a measurement answered with temperature and
/// humidity words, each followed by its CRC-8 (polynomial 0x31, initial 0xFF). Reads 22.5 °C and 40 %RH. The
/// read-status command (0xF32D) answers the status word with its CRC: 0x8010 from power-on (alert pending, reset
/// detected).
/// </summary>
internal sealed class SimulatedSht3x : SimulatedI2cPeripheral
{
    public const double Celsius = 22.5;
    public const double Percent = 40.0;
    public const ushort PowerOnStatus = 0x8010;

    private byte[] _answer = [];

    public override void Write(ReadOnlySpan<byte> data)
    {
        // 0x24xx and 0x2Cxx are single-shot measurements (without and with clock stretching), 0xF32D reads the
        // status; other commands (soft reset 0x30A2, heater 0x306D/0x3066) have nothing to read back here.
        if (data.Length >= 2 && data[0] == 0xF3 && data[1] == 0x2D)
        {
            _answer = [PowerOnStatus >> 8, PowerOnStatus & 0xFF, 0];
            _answer[2] = Crc(_answer.AsSpan(0, 2));
        }
        else if (data.Length >= 2 && data[0] is 0x24 or 0x2C)
        {
            var t = (ushort)Math.Round((Celsius + 45) * 65535 / 175);
            var h = (ushort)Math.Round(Percent * 65535 / 100);
            _answer = [(byte)(t >> 8), (byte)t, 0, (byte)(h >> 8), (byte)h, 0];
            _answer[2] = Crc(_answer.AsSpan(0, 2));
            _answer[5] = Crc(_answer.AsSpan(3, 2));
        }
    }

    public override void Read(Span<byte> buffer)
    {
        // With no measurement or status pending the sensor does not acknowledge a read header.
        if (_answer.Length == 0)
        {
            throw new IOException("Error 121 performing I2C data transfer: the SHT3x has no answer pending (send a command first)");
        }
        buffer.Clear();
        _answer.AsSpan(0, Math.Min(_answer.Length, buffer.Length)).CopyTo(buffer);
        _answer = [];
    }

    public static byte Crc(ReadOnlySpan<byte> data)
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
