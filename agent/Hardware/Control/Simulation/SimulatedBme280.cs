using System.Buffers.Binary;

namespace PiController.Agent.Hardware.Control.Simulation;

/// <summary>
/// A BME280 as its datasheet (Bosch BST-BME280-DS002) lays out the registers: chip id 0x60 at 0xD0, the
/// trimming parameters at 0x88-0xA1 and 0xE1-0xE7, ctrl_hum 0xF2, status 0xF3, ctrl_meas 0xF4, config 0xF5 and
/// the raw pressure, temperature and humidity at 0xF7-0xFE. The trimming values and raw temperature and pressure
/// are the datasheet's worked example (25.08 °C, 100653 Pa); the raw humidity gives about 46 %RH. A forced
/// measurement (mode bits 01 or 10 in ctrl_meas) completes at once and the chip returns to sleep.
/// </summary>
internal sealed class SimulatedBme280 : RegisterMapPeripheral
{
    public const byte ChipId = 0x60;
    public const int RawTemperature = 519888;
    public const int RawPressure = 415148;
    public const int RawHumidity = 28330;

    public SimulatedBme280()
    {
        Registers[0xD0] = ChipId;
        ushort[] temperatureAndPressure = [27504, 26435, unchecked((ushort)-1000), 36477, unchecked((ushort)-10685), 3024, 2855, 140, unchecked((ushort)-7), 15500, unchecked((ushort)-14600), 6000];
        for (var i = 0; i < temperatureAndPressure.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(Registers.AsSpan(0x88 + (2 * i)), temperatureAndPressure[i]);
        }
        // Humidity trimming: H1 = 75, H2 = 362, H3 = 0, H4 = 313, H5 = 50, H6 = 30 (packed as the datasheet's table 16).
        const short h4 = 313, h5 = 50;
        Registers[0xA1] = 75;
        BinaryPrimitives.WriteInt16LittleEndian(Registers.AsSpan(0xE1), 362);
        Registers[0xE3] = 0;
        Registers[0xE4] = (byte)(h4 >> 4);
        Registers[0xE5] = (byte)((h4 & 0x0F) | ((h5 & 0x0F) << 4));
        Registers[0xE6] = (byte)(h5 >> 4);
        Registers[0xE7] = 30;
        LoadMeasurement();
    }

    /// <summary>How many measurements were triggered (forced mode).</summary>
    public int Measurements { get; private set; }

    protected override void OnWrite(byte register, byte value)
    {
        switch (register)
        {
            case 0xE0 when value == 0xB6:
                // Soft reset: control registers back to zero.
                Registers[0xF2] = Registers[0xF4] = Registers[0xF5] = 0;
                return;
            case 0xF4 when (value & 0b11) is 0b01 or 0b10:
                Measurements++;
                LoadMeasurement();
                Registers[0xF4] = (byte)(value & 0b1111_1100);
                return;
            case 0xD0 or (>= 0x88 and <= 0xA1) or (>= 0xE1 and <= 0xE7) or (>= 0xF7 and <= 0xFE):
                // Read-only.
                return;
            default:
                Registers[register] = value;
                return;
        }
    }

    private void LoadMeasurement()
    {
        // Raw ADC values are 20 bits, left-aligned in msb/lsb/xlsb.
        Store20(0xF7, RawPressure);
        Store20(0xFA, RawTemperature);
        BinaryPrimitives.WriteUInt16BigEndian(Registers.AsSpan(0xFD), RawHumidity);
    }

    private void Store20(int register, int value)
    {
        Registers[register] = (byte)(value >> 12);
        Registers[register + 1] = (byte)(value >> 4);
        Registers[register + 2] = (byte)((value & 0xF) << 4);
    }
}
