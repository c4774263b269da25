using PiController.Hub.Api;

namespace PiController.Hub.Tests.Api;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("escape\u001b[2J")]
    [InlineData("right-to-left\u202eoverride")]
    [InlineData("isolate\u2066x\u2069")]
    [InlineData("zero\u200bwidth")]
    [InlineData("separator\u2028line")]
    public void A_label_with_control_or_bidi_characters_is_refused(string value)
    {
        var problem = TextRules.Label(value, "name", 100, required: true);
        Assert.NotNull(problem);
        Assert.Contains("must not contain control characters", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_label_with_letters_of_any_script_is_accepted() =>
        Assert.Null(TextRules.Label("Küche 台所 🍳 ராஸ்பெர்ரி", "name", 100, required: true));

    [Fact]
    public void Reported_text_is_kept_visible_with_its_unsafe_characters_escaped()
    {
        Assert.Equal("pi\\u202egnp.exe\\nnext", TextRules.Reported("pi\u202egnp.exe\nnext", 100));
        Assert.Equal("Raspberry Pi 4 Model B", TextRules.Reported("Raspberry Pi 4 Model B", 100));
        Assert.Equal("", TextRules.Reported(null, 100));
        Assert.Equal("lone \\ud800 surrogate", TextRules.Reported("lone \ud800 surrogate", 100));
    }

    [Fact]
    public void Reported_text_is_capped_with_an_ellipsis_and_never_cut_inside_an_escape_or_a_surrogate_pair()
    {
        var capped = TextRules.Reported(new string('a', 1000), 64);
        Assert.Equal(64, capped.Length);
        Assert.EndsWith("…", capped, StringComparison.Ordinal);

        var escapes = TextRules.Reported("ab" + new string('\u202e', 10), 12);
        Assert.Equal("ab\\u202e…", escapes);

        var emoji = TextRules.Reported(string.Concat(Enumerable.Repeat("🍳", 10)), 10);
        Assert.Equal("🍳🍳🍳🍳…", emoji);
        Assert.Equal(string.Concat(Enumerable.Repeat("🍳", 5)), TextRules.Reported(string.Concat(Enumerable.Repeat("🍳", 5)), 10));
    }
}
