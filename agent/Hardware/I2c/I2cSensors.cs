using System.Device.I2c;
using Iot.Device.Ads1115;
using Iot.Device.Bmxx80;
using Iot.Device.Mcp23xxx;
using PiController.Agent.Hardware.Pins;

namespace PiController.Agent.Hardware.I2c;

/// <summary>
/// Typed I2C devices, each read through its Iot.Device.Bindings binding and reported as named values with their
/// unit in the name. A quantity the binding could not measure is left out rather than reported as a number.
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
    /// Reads the device once. The binding takes ownership of <paramref name="bus"/> and disposes it; when the
    /// binding cannot be made (a chip id that does not match throws from its constructor) the bus is disposed
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
                using var expander = new Mcp23017(bus);
                values["port_a_bitmask"] = expander.ReadPortA();
                values["port_b_bitmask"] = expander.ReadPortB();
                break;
            }
            default:
                bus.Dispose();
                CheckType(device);
                break;
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
