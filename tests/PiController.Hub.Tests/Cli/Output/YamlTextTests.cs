using System.Text.Json;
using PiController.Hub.Cli.Output;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PiController.Hub.Tests.Cli.Output;

public sealed class YamlTextTests
{
    [Theory]
    [InlineData("led", "led")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("No", "\"No\"")]
    [InlineData("on", "\"on\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("~", "\"~\"")]
    [InlineData("true", "\"true\"")]
    [InlineData("0x76", "\"0x76\"")]
    [InlineData("0o17", "\"0o17\"")]
    [InlineData("017", "\"017\"")]
    [InlineData("1.0", "\"1.0\"")]
    [InlineData("-3", "\"-3\"")]
    [InlineData(".inf", "\".inf\"")]
    [InlineData("2025-06-01", "\"2025-06-01\"")]
    [InlineData("", "\"\"")]
    [InlineData("  leading spaces", "'  leading spaces'")]
    [InlineData("key: value", "'key: value'")]
    [InlineData("a # comment", "'a # comment'")]
    [InlineData("#hash", "'#hash'")]
    [InlineData("- dash", "'- dash'")]
    [InlineData("pi-kitchen.local", "pi-kitchen.local")]
    [InlineData("room=porch", "room=porch")]
    [InlineData("2025-06-01T12:00:00+00:00", "\"2025-06-01T12:00:00+00:00\"")]
    public void A_string_is_quoted_only_when_a_YAML_reader_would_take_it_for_something_else(string value, string expected)
    {
        var yaml = YamlText.Write(Element(new Dictionary<string, string> { ["v"] = value }));

        Assert.Equal($"v: {expected}\n", yaml);
        Assert.Equal(value, ReadBack(yaml));
    }

    [Fact]
    public void A_string_of_several_lines_is_a_literal_block()
    {
        var yaml = YamlText.Write(Element(new Dictionary<string, string> { ["motd"] = "line one\nline two\n" }));

        Assert.Equal("motd: |\n  line one\n  line two\n", yaml);
        Assert.Equal("line one\nline two\n", ReadBack(yaml));
    }

    [Fact]
    public void Objects_and_arrays_are_block_style_and_empty_ones_are_braces()
    {
        using var document = JsonDocument.Parse("""
            {"nodeId":"pi-1","labels":{"room":"porch"},"pins":[17,18],"none":[],"empty":{},"on":true,"temp":48.5,"gone":null}
            """);

        Assert.Equal("""
            nodeId: pi-1
            labels:
              room: porch
            pins:
            - 17
            - 18
            none: []
            empty: {}
            "on": true
            temp: 48.5
            gone: null

            """.ReplaceLineEndings("\n"), YamlText.Write(document.RootElement));
    }

    [Fact]
    public void Long_strings_are_not_folded()
    {
        var value = string.Join(' ', Enumerable.Repeat("word", 60));

        Assert.Equal($"v: {value}\n", YamlText.Write(Element(new Dictionary<string, string> { ["v"] = value })));
    }

    private static JsonElement Element(Dictionary<string, string> values) =>
        JsonDocument.Parse("{" + string.Join(',', values.Select(v => JsonSerializer.Serialize(v.Key) + ":" + JsonSerializer.Serialize(v.Value))) + "}").RootElement;

    /// <summary>The value of the only key, as YamlDotNet's parser reads it (a plain scalar must not look like another type).</summary>
    private static string ReadBack(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var scalars = new List<Scalar>();
        while (parser.MoveNext())
        {
            if (parser.Current is Scalar scalar)
            {
                scalars.Add(scalar);
            }
        }
        var read = scalars[1];
        Assert.True(read.Style != ScalarStyle.Plain || !YamlText.LooksLikeAnotherType(read.Value), $"{read.Value} is plain");
        return read.Value;
    }
}
