using Google.Protobuf;
using Iot.Device.Bmxx80;
using PiController.Agent.Hardware.Control.Pins;
using PiController.Agent.Hardware.Control.Simulation;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Hardware.Control.I2c;

public sealed class I2cServiceTests
{
    [Fact]
    public void Scan_finds_the_simulated_devices()
    {
        using var board = new SimBoard();

        var scan = board.I2c.Scan(new I2cScan { Bus = 1 });

        Assert.Equal([0x20u, 0x44u, 0x48u, 0x76u], scan.Addresses);
        Assert.Empty(scan.KernelAddresses);
    }

    [Fact]
    public void Scan_of_a_bus_that_is_not_enabled_says_how_to_enable_it()
    {
        using var board = new SimBoard();

        var e = Assert.Throws<HardwareException>(() => board.I2c.Scan(new I2cScan { Bus = 3 }));

        Assert.Equal(CommandError.Types.Code.FailedPrecondition, e.Code);
        Assert.Contains("/dev/i2c-3", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x00u)]
    [InlineData(0x02u)]
    [InlineData(0x78u)]
    [InlineData(0x7Fu)]
    [InlineData(0x80u)]
    public void Reserved_addresses_are_invalid(uint address)
    {
        using var board = new SimBoard();

        var e = Assert.Throws<HardwareException>(() => board.I2c.Transfer(new I2cTransfer { Bus = 1, Address = address, ReadLength = 1 }));

        Assert.Equal(CommandError.Types.Code.InvalidArgument, e.Code);
        Assert.Contains("outside 0x03-0x77", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(257, 0)]
    [InlineData(0, 257)]
    [InlineData(0, 0)]
    public void Transfers_over_the_limit_or_empty_are_invalid(int write, int read)
    {
        using var board = new SimBoard();

        var e = Assert.Throws<HardwareException>(() => board.I2c.Transfer(new I2cTransfer
        {
            Bus = 1, Address = 0x76, Write = ByteString.CopyFrom(new byte[write]), ReadLength = (uint)read,
        }));

        Assert.Equal(CommandError.Types.Code.InvalidArgument, e.Code);
    }

    [Fact]
    public void Write_then_read_returns_the_bme280_chip_id()
    {
        using var board = new SimBoard();

        var result = board.I2c.Transfer(new I2cTransfer { Bus = 1, Address = 0x76, Write = ByteString.CopyFrom(0xD0), ReadLength = 1 });

        Assert.Equal([SimulatedBme280.ChipId], result.Read.ToByteArray());
    }

    [Fact]
    public void A_transfer_to_an_empty_address_is_refused_with_a_hint()
    {
        using var board = new SimBoard();

        var e = Assert.Throws<HardwareException>(() => board.I2c.Transfer(new I2cTransfer { Bus = 1, Address = 0x50, ReadLength = 1 }));

        Assert.Contains("i2c scan NODE 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulated_bme280_registers_decode_through_the_real_binding_to_the_datasheet_example()
    {
        var bus = new SimulatedI2cBus();
        using var sensor = new Bme280(bus.Open(1, 0x76));

        var reading = sensor.Read();

        // Bosch's worked example: adc_T 519888 -> 25.08 °C, adc_P 415148 -> 100653 Pa.
        Assert.Equal(25.08, reading.Temperature!.Value.DegreesCelsius, 2);
        Assert.InRange(reading.Pressure!.Value.Pascals, 100650, 100656);
        Assert.InRange(reading.Humidity!.Value.Percent, 40, 50);
        Assert.Equal(1, ((SimulatedBme280)bus.At(0x76)!).Measurements);
    }

    [Fact]
    public void Typed_reads_report_named_units()
    {
        using var board = new SimBoard();

        var bme = board.I2c.Read(new I2cDeviceRead { Bus = 1, Address = 0x76, Device = "bme280" }).Values;
        var sht = board.I2c.Read(new I2cDeviceRead { Bus = 1, Address = 0x44, Device = "sht3x" }).Values;
        var adc = board.I2c.Read(new I2cDeviceRead { Bus = 1, Address = 0x48, Device = "ads1115" }).Values;
        var mcp = board.I2c.Read(new I2cDeviceRead { Bus = 1, Address = 0x20, Device = "mcp23017" }).Values;

        Assert.InRange(bme["temperature_celsius"], 25, 25.2);
        Assert.InRange(bme["pressure_pascal"], 100_000, 101_000);
        Assert.InRange(bme["humidity_percent"], 40, 50);
        Assert.Equal(22.5, sht["temperature_celsius"], 1);
        Assert.Equal(40, sht["humidity_percent"], 1);
        Assert.Equal(1.65, adc["ain0_voltage_volts"], 2);
        Assert.Equal(3.3, adc["ain1_voltage_volts"], 2);
        Assert.Equal(SimulatedMcp23017.InputsA, mcp["port_a_bitmask"]);
        Assert.Equal(SimulatedMcp23017.InputsB, mcp["port_b_bitmask"]);
    }

    [Fact]
    public void A_bme280_read_at_the_address_of_another_chip_is_refused()
    {
        using var board = new SimBoard();

        var e = Assert.Throws<HardwareException>(() => board.I2c.Read(new I2cDeviceRead { Bus = 1, Address = 0x20, Device = "bme280" }));

        Assert.Equal(CommandError.Types.Code.FailedPrecondition, e.Code);
    }

    [Fact]
    public void An_unknown_device_type_is_invalid_and_names_the_known_ones()
    {
        using var board = new SimBoard();

        var e = Assert.Throws<HardwareException>(() => board.I2c.Read(new I2cDeviceRead { Bus = 1, Address = 0x76, Device = "dht22" }));

        Assert.Equal(CommandError.Types.Code.InvalidArgument, e.Code);
        Assert.Contains("bme280, bmp280, sht3x, ads1115, mcp23017", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watch_sends_readings_on_its_interval()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var board = new SimBoard(time: time);

        board.I2c.Watch(new I2cWatch { Bus = 1, Address = 0x76, Device = "bme280", IntervalMs = 1000 });
        time.Advance(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));

        var readings = new List<SensorReading>();
        var until = DateTime.UtcNow.AddSeconds(5);
        while (readings.Count < 3 && DateTime.UtcNow < until)
        {
            if (board.Events.TakeBatch() is { } batch)
            {
                readings.AddRange(batch.Readings);
            }
            await Task.Delay(10);
        }
        Assert.Equal(3, readings.Count);
        Assert.All(readings, r => Assert.Contains("temperature_celsius", r.Values.Keys));
        board.I2c.Unwatch(new I2cUnwatch { Bus = 1, Address = 0x76 });
        Assert.Empty(board.I2c.Watches().Watches);
    }
}
