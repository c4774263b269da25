using PiController.Protocol.Hardware;

namespace PiController.Agent.Tests.Hardware.Probe;

public sealed class RevisionCodeTests
{
    // Rows of the "new-style revision codes in use" table of the Raspberry Pi documentation.
    [Theory]
    [InlineData("a01041", "2B", "1.1", 1024u, "Sony UK", "BCM2836")]
    [InlineData("a22082", "3B", "1.2", 1024u, "Embest", "BCM2837")]
    [InlineData("a32082", "3B", "1.2", 1024u, "Sony Japan", "BCM2837")]
    [InlineData("a52082", "3B", "1.2", 1024u, "Stadium", "BCM2837")]
    [InlineData("900093", "Zero", "1.3", 512u, "Sony UK", "BCM2835")]
    [InlineData("9000c1", "Zero W", "1.1", 512u, "Sony UK", "BCM2835")]
    [InlineData("a020a0", "CM3", "1.0", 1024u, "Sony UK", "BCM2837")]
    [InlineData("a020d3", "3B+", "1.3", 1024u, "Sony UK", "BCM2837")]
    [InlineData("9020e1", "3A+", "1.1", 512u, "Sony UK", "BCM2837")]
    [InlineData("a02100", "CM3+", "1.0", 1024u, "Sony UK", "BCM2837")]
    [InlineData("c03111", "4B", "1.1", 4096u, "Sony UK", "BCM2711")]
    [InlineData("d03114", "4B", "1.4", 8192u, "Sony UK", "BCM2711")]
    [InlineData("902120", "Zero 2 W", "1.0", 512u, "Sony UK", "BCM2837")]
    [InlineData("c03130", "400", "1.0", 4096u, "Sony UK", "BCM2711")]
    [InlineData("a03140", "CM4", "1.0", 1024u, "Sony UK", "BCM2711")]
    [InlineData("d04170", "5", "1.0", 8192u, "Sony UK", "BCM2712")]
    [InlineData("e04171", "5", "1.1", 16384u, "Sony UK", "BCM2712")]
    [InlineData("b04180", "CM5", "1.0", 2048u, "Sony UK", "BCM2712")]
    [InlineData("d04190", "500", "1.0", 8192u, "Sony UK", "BCM2712")]
    [InlineData("c041a0", "CM5 Lite", "1.0", 4096u, "Sony UK", "BCM2712")]
    public void New_style_code_is_decoded_as_the_documentation_tabulates_it(
        string code, string type, string revision, uint megabytes, string manufacturer, string processor)
    {
        var decoded = RevisionCode.Parse(code)!.Value;

        Assert.True(decoded.IsNewStyle);
        Assert.Equal(type, decoded.Type);
        Assert.Equal(revision, decoded.Revision);
        Assert.Equal(megabytes, decoded.MemoryMegabytes);
        Assert.Equal(manufacturer, decoded.Manufacturer);
        Assert.Equal(processor, decoded.Processor);
    }

    [Fact]
    public void Type_missing_from_the_table_is_unknown_not_the_nearest_board()
    {
        // Type 0x1f: a board newer than the table. Everything the table does cover is still decoded.
        var decoded = new RevisionCode(0xd041f0);

        Assert.Equal(0x1fu, decoded.TypeCode);
        Assert.Null(decoded.Type);
        Assert.Equal("BCM2712", decoded.Processor);
        Assert.Equal(8192u, decoded.MemoryMegabytes);
    }

    [Theory]
    [InlineData(0x0f)]
    [InlineData(0x16)]
    public void Internal_use_type_has_no_board_name(uint type)
    {
        Assert.Null(new RevisionCode(0xa00000 | (type << 4)).Type);
    }

    [Fact]
    public void Memory_code_other_manufacturer_and_processor_beyond_the_table_are_unknown()
    {
        // Memory 7 ("other"), manufacturer 6, processor 5: none of them listed.
        var decoded = new RevisionCode(0xf65170);

        Assert.Null(decoded.MemoryMegabytes);
        Assert.Null(decoded.Manufacturer);
        Assert.Null(decoded.Processor);
        Assert.Equal("5", decoded.Type);
    }

    [Fact]
    public void Old_style_code_is_not_decoded_as_a_bit_field()
    {
        var decoded = RevisionCode.Parse("0010")!.Value;

        Assert.False(decoded.IsNewStyle);
        Assert.Null(decoded.Type);
        Assert.Null(decoded.Revision);
        Assert.Null(decoded.MemoryMegabytes);
        Assert.Null(decoded.Manufacturer);
        Assert.Null(decoded.Processor);
    }

    [Fact]
    public void Overvoltage_and_warranty_bits_do_not_change_the_decoding()
    {
        // N (bit 31) and W (bit 25) set on a 3B+.
        var decoded = new RevisionCode(0x82a020d3);

        Assert.Equal("3B+", decoded.Type);
        Assert.Equal(1024u, decoded.MemoryMegabytes);
    }

    [Theory]
    [InlineData("c03114", 0xc03114u)]
    [InlineData("0xC03114", 0xc03114u)]
    [InlineData(" d04170 ", 0xd04170u)]
    public void Hex_text_is_parsed(string text, uint expected)
    {
        Assert.Equal(expected, RevisionCode.Parse(text)?.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("unknown")]
    [InlineData("123456789")]
    public void Text_that_is_not_a_code_gives_none(string? text)
    {
        Assert.Null(RevisionCode.Parse(text));
    }

    [Fact]
    public void Code_prints_as_six_hex_digits()
    {
        Assert.Equal("a020d3", new RevisionCode(0xa020d3).ToString());
    }
}
