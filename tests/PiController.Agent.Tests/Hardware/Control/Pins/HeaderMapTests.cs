using PiController.Agent.Hardware.Control.Pins;
using PiController.Protocol.Link;
using PiController.Protocol.Pins;

namespace PiController.Agent.Tests.Hardware.Control.Pins;

public sealed class HeaderMapTests
{
    [Theory]
    [InlineData("17", 17)]
    [InlineData("GPIO17", 17)]
    [InlineData("bcm4", 4)]
    [InlineData("P11", 17)]
    [InlineData("pin 11", 17)]
    [InlineData("physical 13", 27)]
    [InlineData("phys40", 21)]
    [InlineData("P3", 2)]
    [InlineData("p12", 18)]
    [InlineData("pin 27", 0)]
    public void Pins_resolve_to_their_BCM_number(string spec, int bcm) => Assert.Equal(bcm, HeaderMap.Resolve(spec));

    [Fact]
    public void Every_header_GPIO_maps_back_to_its_position()
    {
        for (var physical = 1; physical <= 40; physical++)
        {
            var pin = HeaderMap.At(physical);
            if (pin.Kind == HeaderPinKind.Gpio)
            {
                Assert.Equal(physical, HeaderMap.PhysicalOf(pin.Bcm));
            }
        }
        // GPIO0-27 each appear exactly once.
        var gpios = Enumerable.Range(1, 40).Select(HeaderMap.At).Where(p => p.Kind == HeaderPinKind.Gpio).Select(p => p.Bcm).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 28), gpios);
    }

    [Theory]
    [InlineData("P6", "ground")]
    [InlineData("pin 39", "ground")]
    [InlineData("P1", "3.3 V power")]
    [InlineData("physical 2", "5 V power")]
    public void Power_and_ground_pins_are_refused_by_name(string spec, string what)
    {
        var e = Assert.Throws<HardwareException>(() => HeaderMap.Resolve(spec));
        Assert.Equal(CommandError.Types.Code.InvalidArgument, e.Code);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99", "not on the 40-pin header")]
    [InlineData("GPIO28", "not on the 40-pin header")]
    [InlineData("P41", "positions 1-40")]
    [InlineData("pin 0", "positions 1-40")]
    [InlineData("banana", "is not a pin")]
    [InlineData("", "no pin given")]
    public void Names_that_are_no_header_pin_are_invalid(string spec, string message)
    {
        var e = Assert.Throws<HardwareException>(() => HeaderMap.Resolve(spec));
        Assert.Equal(CommandError.Types.Code.InvalidArgument, e.Code);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
