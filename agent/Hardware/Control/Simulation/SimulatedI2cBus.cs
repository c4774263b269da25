using System.Device.I2c;
using PiController.Agent.Hardware.Control.I2c;

namespace PiController.Agent.Hardware.Control.Simulation;

/// <summary>
/// I2C bus 1 of the simulated board with its devices: a BME280 at 0x76, an SHT31 at 0x44, an ADS1115 at 0x48 and
/// an MCP23017 at 0x20. A transfer to an empty address fails as the kernel's does (no acknowledge: ENXIO).
/// </summary>
internal sealed class SimulatedI2cBus : II2cBuses
{
    public const int Bus = 1;
    private readonly Dictionary<int, SimulatedI2cPeripheral> _devices;
    private readonly Lock _gate = new();

    public SimulatedI2cBus()
    {
        _devices = new Dictionary<int, SimulatedI2cPeripheral>
        {
            [0x20] = new SimulatedMcp23017(),
            [0x44] = new SimulatedSht3x(),
            [0x48] = new SimulatedAds1115(),
            [0x76] = new SimulatedBme280(),
        };
    }

    public SimulatedI2cPeripheral? At(int address) => _devices.GetValueOrDefault(address);

    public bool Exists(int bus) => bus == Bus;

    public I2cProbeResult Probe(int bus, int address) =>
        bus == Bus && _devices.ContainsKey(address) ? I2cProbeResult.Present : I2cProbeResult.Absent;

    public I2cDevice Open(int bus, int address) => new SimulatedI2cDevice(this, new I2cConnectionSettings(bus, address));

    /// <summary>An I2cDevice on the simulated bus, as System.Device.I2c's UnixI2cDevice is on /dev/i2c-N.</summary>
    private sealed class SimulatedI2cDevice(SimulatedI2cBus bus, I2cConnectionSettings settings) : I2cDevice
    {
        public override I2cConnectionSettings ConnectionSettings { get; } = settings;

        public override void Read(Span<byte> buffer)
        {
            lock (bus._gate)
            {
                Device().Read(buffer);
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (bus._gate)
            {
                Device().Write(buffer);
            }
        }

        public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
        {
            lock (bus._gate)
            {
                var device = Device();
                device.Write(writeBuffer);
                device.Read(readBuffer);
            }
        }

        private SimulatedI2cPeripheral Device() =>
            ConnectionSettings.BusId == Bus && bus.At(ConnectionSettings.DeviceAddress) is { } device
                ? device
                : throw new IOException($"Error 6 performing I2C data transfer: no device acknowledged at 0x{ConnectionSettings.DeviceAddress:x2} on bus {ConnectionSettings.BusId}");
    }
}
