using System.Device.I2c;
using Iot.Device.Ads1115;
using Iot.Device.Bmxx80;
using PiController.Agent.Hardware.Control.Pins;

namespace PiController.Agent.Hardware.Control.I2c;

/// <summary>
/// Typed I2C devices, each read through its Iot.Device.Bindings binding (the MCP23017 by its port registers) and
/// reported as named values with their unit in the name. A quantity the binding could not measure is left out rather than reported as a number.
/// </summary>
internal static class I2cSensors
{
    public static IReadOnlyList<string> Types { get; } = ["bme280", "bmp280", "sht3x", "ads1115", "mcp23017"];

    public static void CheckType(string device)
    {
        if (!Types.Contains(device))
        {
            throw HardwareException.Invalid($"unknown device type \"{device}\"; known types are {string.Join(", ", Types)}");
        }
    }

    /// <summary>
    /// Reads the device once, after <see cref="I2cIdentity.Check"/> found that type of chip at the address (bindings
    /// write registers in their constructors). The binding takes ownership of <paramref name="bus"/> and disposes it; when the
    /// chip is not of that type or the binding cannot be made, the bus is disposed
    /// here, so a watch on a missing device does not leak a /dev/i2c-N handle on every tick.
    /// </summary>
    public static Dictionary<string, double> Read(string device, I2cDevice bus)
    {
        try
        {
            return ReadWith(device, bus);
        }
        catch
        {
            bus.Dispose();
            throw;
        }
    }

    private static Dictionary<string, double> ReadWith(string device, I2cDevice bus)
    {
        CheckType(device);
        I2cIdentity.Check(device, bus);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        switch (device)
        {
            case "bme280":
            {
                using var sensor = new Bme280(bus);
                var reading = sensor.Read();
                Add(values, "temperature_celsius", reading.Temperature?.DegreesCelsius);
                Add(values, "pressure_pascal", reading.Pressure?.Pascals);
                Add(values, "humidity_percent", reading.Humidity?.Percent);
                break;
            }
            case "bmp280":
            {
                using var sensor = new Bmp280(bus);
                var reading = sensor.Read();
                Add(values, "temperature_celsius", reading.Temperature?.DegreesCelsius);
                Add(values, "pressure_pascal", reading.Pressure?.Pascals);
                break;
            }
            case "sht3x":
            {
                using var sensor = new Iot.Device.Sht3x.Sht3x(bus);
                Add(values, "temperature_celsius", sensor.Temperature.DegreesCelsius);
                Add(values, "humidity_percent", sensor.Humidity.Percent);
                break;
            }
            case "ads1115":
            {
                // Single-shot: each channel converts on request instead of waiting two continuous cycles.
                using var adc = new Ads1115(bus, InputMultiplexer.AIN0, MeasuringRange.FS4096, DataRate.SPS860, DeviceMode.PowerDown);
                InputMultiplexer[] inputs = [InputMultiplexer.AIN0, InputMultiplexer.AIN1, InputMultiplexer.AIN2, InputMultiplexer.AIN3];
                for (var i = 0; i < inputs.Length; i++)
                {
                    Add(values, $"ain{i}_voltage_volts", adc.ReadVoltage(inputs[i]).Volts);
                }
                break;
            }
            case "mcp23017":
            {
                // Not through Iot.Device's Mcp23017: its constructor writes IODIR, GPIO and IPOL back to their
                // power-on values, which would turn every output of the expander into an input. GPIOA and GPIOB are
                // read one at a time, so this also holds with sequential addressing off (IOCON.SEQOP).
                using (bus)
                {
                    values["port_a_bitmask"] = I2cIdentity.ReadRegister(bus, 0x12, 1)[0];
                    values["port_b_bitmask"] = I2cIdentity.ReadRegister(bus, 0x13, 1)[0];
                }
                break;
            }
            default:
                // CheckType refused every other name above.
                throw HardwareException.Invalid($"unknown device type \"{device}\"");
        }
        return values;
    }

    private static void Add(Dictionary<string, double> values, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            values[name] = Math.Round(v, 4);
        }
    }
}
