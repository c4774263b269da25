using Google.Protobuf;
using PiController.Agent.Hardware.Control.Pins;
using PiController.Agent.Hardware.Control.Simulation;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Hardware.Control.I2c;

/// <summary>
/// A typed read first checks that the chip at the address is that type, because bindings write registers in their
/// constructors: a wrong type is refused before anything is written to the chip that really answers there.
/// </summary>
public sealed class I2cIdentityTests
{
    [Fact]
    public void Reading_an_mcp23017_as_an_ads1115_is_refused_and_leaves_its_direction_registers_as_they_were()
    {
        using var board = new SimBoard();
        var expander = (SimulatedMcp23017)board.Bus.At(0x20)!;

        var e = Assert.Throws<HardwareException>(() => board.I2c.Read(new I2cDeviceRead { Bus = 1, Address = 0x20, Device = "ads1115" }));

        Assert.Equal(CommandError.Types.Code.FailedPrecondition, e.Code);
        Assert.Contains("is not an ADS1115", e.Message, StringComparison.Ordinal);
        Assert.Contains("plausibility check", e.Message, StringComparison.Ordinal);
        Assert.Equal(0xFF, expander.Register(0x00));
        Assert.Equal(0xFF, expander.Register(0x01));
        Assert.Equal(0x00, expander.Register(0x02));
    }

    [Theory]
    [InlineData(0x20u, "sht3x")]
    [InlineData(0x20u, "bme280")]
    [InlineData(0x20u, "bmp280")]
    [InlineData(0x48u, "mcp23017")]
    [InlineData(0x48u, "bme280")]
    [InlineData(0x48u, "sht3x")]
    [InlineData(0x76u, "ads1115")]
    [InlineData(0x76u, "sht3x")]
    [InlineData(0x76u, "bmp280")]
    [InlineData(0x44u, "bme280")]
    [InlineData(0x44u, "ads1115")]
    public void A_typed_read_at_the_address_of_another_chip_is_refused(uint address, string device)
    {
        using var board = new SimBoard();

        var e = Assert.Throws<HardwareException>(() => board.I2c.Read(new I2cDeviceRead { Bus = 1, Address = address, Device = device }));

        Assert.Equal(CommandError.Types.Code.FailedPrecondition, e.Code);
    }

    [Fact]
    public void Reading_a_bme280_as_a_bmp280_says_it_is_a_bme280()
    {
        using var board = new SimBoard();

        var e = Assert.Throws<HardwareException>(() => board.I2c.Read(new I2cDeviceRead { Bus = 1, Address = 0x76, Device = "bmp280" }));

        Assert.Contains("chip id register 0xd0 reads 0x60", e.Message, StringComparison.Ordinal);
        Assert.Contains("--device bme280", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_an_mcp23017_keeps_its_outputs_as_they_were()
    {
        using var board = new SimBoard();
        var expander = (SimulatedMcp23017)board.Bus.At(0x20)!;
        // Port A: all outputs, latched 0x3C.
        board.I2c.Transfer(new I2cTransfer { Bus = 1, Address = 0x20, Write = ByteString.CopyFrom(0x00, 0x00) });
        board.I2c.Transfer(new I2cTransfer { Bus = 1, Address = 0x20, Write = ByteString.CopyFrom(0x14, 0x3C) });

        var values = board.I2c.Read(new I2cDeviceRead { Bus = 1, Address = 0x20, Device = "mcp23017" }).Values;

        Assert.Equal(0x3C, values["port_a_bitmask"]);
        Assert.Equal(SimulatedMcp23017.InputsB, values["port_b_bitmask"]);
        Assert.Equal(0x00, expander.Register(0x00));
        Assert.Equal(0x3C, expander.Register(0x14));
    }

    [Theory]
    [InlineData(0x76u, "bme280")]
    [InlineData(0x44u, "sht3x")]
    [InlineData(0x48u, "ads1115")]
    [InlineData(0x20u, "mcp23017")]
    public void Each_simulated_chip_passes_its_own_identity_check_every_time(uint address, string device)
    {
        using var board = new SimBoard();

        for (var i = 0; i < 3; i++)
        {
            Assert.NotEmpty(board.I2c.Read(new I2cDeviceRead { Bus = 1, Address = address, Device = device }).Values);
        }
    }
}
