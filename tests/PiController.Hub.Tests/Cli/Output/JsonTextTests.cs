using System.Text.Json;
using PiController.Hub.Cli.Output;
using PiController.Protocol.Text;

namespace PiController.Hub.Tests.Cli.Output;

public sealed class JsonTextTests
{
    [Theory]
    [InlineData("2025-06-01T12:00:00+02:00")]
    [InlineData("café <b> & 'x'")]
    [InlineData("evil\u001b[2J\u202e\u0085\u2028end")]
    public void Json_for_the_terminal_keeps_plus_signs_and_stays_valid_JSON_with_every_control_escaped(string value)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["v"] = value }));

        var shown = PrintableText.EscapeKeepingLines(JsonText.Pretty(document.RootElement));

        Assert.DoesNotContain("\\u002B", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(shown, c => PrintableText.NeedsEscape(c) && c != '\n');
        Assert.Equal(value, JsonDocument.Parse(shown).RootElement.GetProperty("v").GetString());
    }
}
