using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using PiController.Agent.Hardware.Control.Pins;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Control.I2c;

/// <summary>
/// I2C: bus scans, raw transfers and typed device reads, once or on an interval. Arguments are checked before the
/// bus is touched; one transaction at a time per agent, so an interval reading never interleaves with a command.
/// </summary>
internal sealed class I2cService(II2cBuses buses, HardwareEventQueue events, TimeProvider time) : IDisposable
{
    public const int FirstAddress = 0x03;
    public const int LastAddress = 0x77;
    public const int MaxTransferBytes = 256;
    public const uint MinIntervalMs = 100;
    public const uint MaxIntervalMs = 86_400_000;

    private readonly Lock _bus = new();
    private readonly Dictionary<(uint Bus, uint Address), (I2cWatchState State, ITimer Timer)> _watches = [];

    public I2cScanResult Scan(I2cScan command)
    {
        var bus = CheckBus(command.Bus);
        var result = new I2cScanResult { Bus = command.Bus };
        lock (_bus)
        {
            for (var address = FirstAddress; address <= LastAddress; address++)
            {
                switch (buses.Probe(bus, address))
                {
                    case I2cProbeResult.Present:
                        result.Addresses.Add((uint)address);
                        break;
                    case I2cProbeResult.KernelDriver:
                        result.KernelAddresses.Add((uint)address);
                        break;
                }
            }
        }
        return result;
    }

    public I2cTransferResult Transfer(I2cTransfer command)
    {
        var bus = CheckBus(command.Bus);
        var address = CheckAddress(command.Address);
        if (command.Write.Length > MaxTransferBytes || command.ReadLength > MaxTransferBytes)
        {
            throw HardwareException.Invalid($"an I2C transfer writes and reads at most {MaxTransferBytes} bytes each; got {command.Write.Length} to write and {command.ReadLength} to read");
        }
        if (command.Write.IsEmpty && command.ReadLength == 0)
        {
            throw HardwareException.Invalid("nothing to transfer: give bytes to write, a length to read, or both");
        }
        var read = new byte[command.ReadLength];
        lock (_bus)
        {
            using var device = buses.Open(bus, address);
            Io(bus, address, () =>
            {
                if (command.Write.IsEmpty)
                {
                    device.Read(read);
                }
                else if (read.Length == 0)
                {
                    device.Write(command.Write.Span);
                }
                else
                {
                    device.WriteRead(command.Write.Span, read);
                }
            });
        }
        return new I2cTransferResult { Read = ByteString.CopyFrom(read) };
    }

    public SensorReading Read(I2cDeviceRead command)
    {
        var bus = CheckBus(command.Bus);
        var address = CheckAddress(command.Address);
        I2cSensors.CheckType(command.Device);
        return ReadSensor(bus, address, command.Device);
    }

    public I2cWatches Watch(I2cWatch command)
    {
        var bus = CheckBus(command.Bus);
        var address = CheckAddress(command.Address);
        I2cSensors.CheckType(command.Device);
        if (command.IntervalMs is < MinIntervalMs or > MaxIntervalMs)
        {
            throw HardwareException.Invalid($"interval must be {MinIntervalMs}-{MaxIntervalMs} ms, got {command.IntervalMs}");
        }
        // One reading now: a wrong device type or address fails here, not silently on the timer.
        events.Add(ReadSensor(bus, address, command.Device));
        var state = new I2cWatchState { Bus = command.Bus, Address = command.Address, Device = command.Device, IntervalMs = command.IntervalMs };
        var interval = TimeSpan.FromMilliseconds(command.IntervalMs);
        lock (_watches)
        {
            if (_watches.Remove((command.Bus, command.Address), out var previous))
            {
                previous.Timer.Dispose();
            }
            var timer = time.CreateTimer(_ => OnInterval(bus, address, command.Device), null, interval, interval);
            _watches[(command.Bus, command.Address)] = (state, timer);
        }
        return Watches();
    }

    public I2cWatches Unwatch(I2cUnwatch command)
    {
        CheckAddress(command.Address);
        lock (_watches)
        {
            if (!_watches.Remove((command.Bus, command.Address), out var watch))
            {
                throw HardwareException.Refused($"nothing is read on an interval at 0x{command.Address:x2} on bus {command.Bus}");
            }
            watch.Timer.Dispose();
        }
        return Watches();
    }

    public I2cWatches Watches()
    {
        var result = new I2cWatches();
        lock (_watches)
        {
            result.Watches.AddRange(_watches.Values.Select(w => w.State).OrderBy(s => s.Bus).ThenBy(s => s.Address));
        }
        return result;
    }

    private void OnInterval(int bus, int address, string device)
    {
        try
        {
            events.Add(ReadSensor(bus, address, device));
        }
        catch (Exception)
        {
            // The device went away or answered nonsense; a timer callback must not throw, and the next tick tries
            // again. The hub sees the gap in the readings.
        }
    }

    private SensorReading ReadSensor(int bus, int address, string device)
    {
        Dictionary<string, double> values = [];
        lock (_bus)
        {
            Io(bus, address, () => values = I2cSensors.Read(device, buses.Open(bus, address)));
        }
        var reading = new SensorReading { Bus = (uint)bus, Address = (uint)address, Device = device, At = Timestamp.FromDateTimeOffset(time.GetUtcNow()) };
        reading.Values.Add(values);
        return reading;
    }

    private int CheckBus(uint bus)
    {
        if (bus > 255)
        {
            throw HardwareException.Invalid($"I2C bus {bus} does not exist; bus numbers are those of /dev/i2c-N");
        }
        if (!buses.Exists((int)bus))
        {
            throw HardwareException.Refused(bus == 1
                ? "I2C bus 1 is not enabled (no /dev/i2c-1); enable it with dtparam=i2c_arm=on in /boot/firmware/config.txt (or raspi-config) and reboot"
                : $"I2C bus {bus} does not exist (no /dev/i2c-{bus}); pi-controller nodes hardware NODE lists the buses");
        }
        return (int)bus;
    }

    public static int CheckAddress(uint address)
    {
        if (address is < FirstAddress or > LastAddress)
        {
            throw HardwareException.Invalid($"I2C address 0x{address:x2} is outside 0x03-0x77; 0x00-0x02 and 0x78-0x7F are reserved by the I2C specification");
        }
        return (int)address;
    }

    private static void Io(int bus, int address, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException)
        {
            throw HardwareException.Refused($"no answer from 0x{address:x2} on I2C bus {bus} ({e.Message}); check the wiring and the address (pi-controller i2c scan NODE {bus})");
        }
    }

    public void Dispose()
    {
        lock (_watches)
        {
            foreach (var (_, timer) in _watches.Values)
            {
                timer.Dispose();
            }
            _watches.Clear();
        }
    }
}
