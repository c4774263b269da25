using System.Buffers.Binary;

namespace PiController.Agent.Hardware.Control.Simulation;

/// <summary>
/// An ADS1115 (TI datasheet SBAS444): a pointer byte selects the conversion (0x00) or config (0x01) register,
/// registers are 16-bit big-endian. Each config write converts at once (the OS bit reads back as "not busy")
/// from fixed single-ended inputs: AIN0 1.65 V, AIN1 3.3 V, AIN2 0.5 V, AIN3 0 V.
/// </summary>
internal sealed class SimulatedAds1115 : SimulatedI2cPeripheral
{
    public static readonly double[] InputVolts = [1.65, 3.3, 0.5, 0.0];
    private static readonly double[] FullScale = [6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256];

    private readonly ushort[] _registers = [0, 0x8583, 0x8000, 0x7FFF];
    private byte _pointer;

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        _pointer = (byte)(data[0] & 0b11);
        if (data.Length >= 3 && _pointer != 0)
        {
            _registers[_pointer] = BinaryPrimitives.ReadUInt16BigEndian(data[1..]);
            if (_pointer == 1)
            {
                Convert();
            }
        }
    }

    public override void Read(Span<byte> buffer)
    {
        Span<byte> word = stackalloc byte[2];
        var value = _pointer == 1 ? (ushort)(_registers[1] | 0x8000) : _registers[_pointer];
        BinaryPrimitives.WriteUInt16BigEndian(word, value);
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = word[i % 2];
        }
    }

    private void Convert()
    {
        var config = _registers[1];
        var mux = (config >> 12) & 0b111;
        var range = FullScale[(config >> 9) & 0b111];
        // Mux 4-7 are single-ended AIN0-AIN3; 0-3 differential pairs (0: AIN0-AIN1, 1: AIN0-AIN3, 2: AIN1-AIN3, 3: AIN2-AIN3).
        var volts = mux switch
        {
            >= 4 => InputVolts[mux - 4],
            0 => InputVolts[0] - InputVolts[1],
            1 => InputVolts[0] - InputVolts[3],
            2 => InputVolts[1] - InputVolts[3],
            _ => InputVolts[2] - InputVolts[3],
        };
        var raw = Math.Clamp(Math.Round(volts / range * 32768), short.MinValue, short.MaxValue);
        _registers[0] = unchecked((ushort)(short)raw);
    }
}
