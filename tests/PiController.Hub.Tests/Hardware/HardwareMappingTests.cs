using PiController.Hub.Api;
using PiController.Hub.Hardware;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Hardware;

public sealed class HardwareMappingTests
{
    [Theory]
    [InlineData("high", true)]
    [InlineData("HIGH", true)]
    [InlineData("1", true)]
    [InlineData("on", true)]
    [InlineData("low", false)]
    [InlineData("0", false)]
    [InlineData("off", false)]
    public void Levels_are_read_as_people_write_them(string text, bool high) => Assert.Equal(high, HardwareMapping.ParseLevel(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hi")]
    public void Other_levels_are_invalid(string? text)
    {
        var e = Assert.Throws<HubException>(() => HardwareMapping.ParseLevel(text));
        Assert.Equal(400, HubErrorKinds.HttpStatus(e.Kind));
        Assert.Contains("high or low", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0x76", 0x76u)]
    [InlineData("0X20", 0x20u)]
    [InlineData("76h", 0x76u)]
    [InlineData("118", 118u)]
    [InlineData("0x7f", 0x7fu)]
    public void Addresses_are_hex_or_decimal(string text, uint address) => Assert.Equal(address, HardwareMapping.ParseAddress(text));

    [Theory]
    [InlineData("0x")]
    [InlineData("0x1ff")]
    [InlineData("sensor")]
    [InlineData("1234")]
    public void Text_that_is_no_address_is_invalid(string text) =>
        Assert.Throws<HubException>(() => HardwareMapping.ParseAddress(text));

    [Theory]
    [InlineData("d0 01", new byte[] { 0xd0, 0x01 })]
    [InlineData("0xd0,0x1", new byte[] { 0xd0, 0x01 })]
    [InlineData("d001ff", new byte[] { 0xd0, 0x01, 0xff })]
    [InlineData("", new byte[0])]
    public void Bytes_are_hex_in_any_usual_spelling(string text, byte[] bytes) => Assert.Equal(bytes, HardwareMapping.ParseBytes(text));

    [Theory]
    [InlineData("d0 1")]
    [InlineData("zz")]
    public void Malformed_bytes_are_invalid(string text) =>
        Assert.Throws<HubException>(() => HardwareMapping.ParseBytes(text));

    [Theory]
    [InlineData(CommandError.Types.Code.InvalidArgument, 400)]
    [InlineData(CommandError.Types.Code.FailedPrecondition, 409)]
    [InlineData(CommandError.Types.Code.Unsupported, 501)]
    [InlineData(CommandError.Types.Code.DeadlineExceeded, 504)]
    [InlineData(CommandError.Types.Code.Internal, 502)]
    public void Agent_error_codes_map_to_http_statuses(CommandError.Types.Code code, int status) =>
        Assert.Equal(status, HubErrorKinds.HttpStatus(HardwareErrors.From(new CommandError { Code = code, Message = "x" }).Kind));

    [Theory]
    [InlineData(CommandError.Types.Reason.Conflict, true)]
    [InlineData(CommandError.Types.Reason.Refused, false)]
    [InlineData(CommandError.Types.Reason.Unspecified, false)]
    public void A_conflict_is_known_by_its_reason_whatever_its_words(CommandError.Types.Reason reason, bool conflict) =>
        Assert.Equal(conflict, HardwareErrors.IsConflict(new CommandError { Code = CommandError.Types.Code.FailedPrecondition, Reason = reason, Message = "GPIO2 is in use by I2C1 SDA" }));

    [Fact]
    public void Pin_states_become_views_with_header_positions_and_levels()
    {
        var pins = new GpioPins
        {
            Pins =
            {
                new GpioPinState { Bcm = 17, Physical = 11, Mode = GpioMode.Output, High = true },
                new GpioPinState { Bcm = 27, Physical = 13, Mode = GpioMode.Input, Pull = GpioPull.Up, Edge = GpioEdge.Both, DebounceMs = 5 },
            },
        };

        var view = HardwareMapping.ToView("n1", pins);

        Assert.Equal(new GpioPinView(17, 11, "output", "none", false, "none", 0, "high"), view.Pins[0]);
        Assert.Equal(new GpioPinView(27, 13, "input", "up", false, "both", 5, null), view.Pins[1]);
    }
}
