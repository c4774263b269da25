using System.Text.Json;
using PiController.Hub.Cli.Input;

namespace PiController.Hub.Tests.Cli;

/// <summary>YAML read into JSON: YAML 1.2 core scalars, several documents, and clear refusals with line and column.</summary>
public sealed class YamlJsonTests
{
    private static string One(string yaml) => YamlJson.Read(yaml).Single().Value.GetRawText();

    [Fact]
    public void Plain_scalars_are_typed_by_the_yaml_1_2_core_schema_and_quoted_ones_stay_strings()
    {
        var json = One("""
            a: true
            b: False
            c: null
            d: ~
            e:
            f: 42
            g: -7
            h: 0x1F
            i: 0o17
            j: 2.5
            k: 1e3
            l: "true"
            m: '17'
            n: yes
            o: on
            p: 0x76z
            q: !!str 18
            r: |
              two
              lines
            """);
        Assert.Equal("""{"a":true,"b":false,"c":null,"d":null,"e":null,"f":42,"g":-7,"h":31,"i":15,"j":2.5,"k":1000,"l":"true","m":"17","n":"yes","o":"on","p":"0x76z","q":"18","r":"two\nlines"}""", json);
    }

    [Fact]
    public void Every_document_of_a_stream_is_read_with_its_line_and_empty_ones_are_skipped()
    {
        var documents = YamlJson.Read("a: 1\n---\n---\nb: [1, two]\n...\n---\nc: {d: e}\n");

        Assert.Equal(["""{"a":1}""", """{"b":[1,"two"]}""", """{"c":{"d":"e"}}"""], documents.Select(d => d.Value.GetRawText()));
        Assert.Equal([1, 3, 6], documents.Select(d => d.Line));
    }

    [Theory]
    [InlineData("a: &x [1, 2]\nb: *x\n", "line 1, column 4: anchors (&x) are not accepted")]
    [InlineData("a: 1\na: 2\n", "line 2, column 1: the key \"a\" appears twice in one mapping")]
    [InlineData("a: .inf\n", "line 1, column 4: .inf (infinity or not-a-number) cannot be sent as JSON")]
    [InlineData("a: !!int twelve\n", "line 1, column 4: \"twelve\" is not a valid int")]
    [InlineData("a: !custom x\n", "line 1, column 4: the tag !custom is not accepted")]
    [InlineData("a: 99999999999999999999\n", "line 1, column 4: the integer 99999999999999999999 is too large")]
    [InlineData("a: [1, 2\nb: 3\n", "line ")]
    [InlineData("? [a, b]\n: c\n", "line 1, column 3: a mapping key must be a plain value")]
    public void Bad_yaml_is_refused_with_its_line_and_column(string yaml, string expected)
    {
        var e = Assert.Throws<InputException>(() => YamlJson.Read(yaml));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_billion_laughs_file_is_refused_at_its_first_anchor()
    {
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
            + string.Concat(Enumerable.Range(0, 8).Select(i => $"{(char)('b' + i)}: &{(char)('b' + i)} [*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)}]\n"));
        var e = Assert.Throws<InputException>(() => YamlJson.Read(yaml));
        Assert.Contains("anchors (&a) are not accepted", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_the_cap_is_refused()
    {
        var yaml = new string('[', YamlJson.MaxDepth + 2) + new string(']', YamlJson.MaxDepth + 2);
        var e = Assert.Throws<InputException>(() => YamlJson.Read(yaml));
        Assert.Contains($"nested more than {YamlJson.MaxDepth} levels deep", e.Message, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, YamlJson.Read("[[[1]]]").Single().Value.ValueKind);
    }
}
