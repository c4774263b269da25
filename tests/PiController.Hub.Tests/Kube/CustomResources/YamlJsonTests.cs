using System.Text.Json;
using PiController.Hub.Kube.CustomResources;

namespace PiController.Hub.Tests.Kube.CustomResources;

public sealed class YamlJsonTests
{
    [Fact]
    public void Plain_scalars_become_numbers_booleans_and_null_and_quoted_ones_stay_strings()
    {
        var json = YamlJson.Convert("""
            a: 17
            b: "17"
            c: true
            d: 'True'
            e: ~
            f: 2.5
            g: [x, 'y', -3]
            h: {}
            i: GPIO17
            """);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(17, root.GetProperty("a").GetInt32());
        Assert.Equal("17", root.GetProperty("b").GetString());
        Assert.True(root.GetProperty("c").GetBoolean());
        Assert.Equal("True", root.GetProperty("d").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("e").ValueKind);
        Assert.Equal(2.5, root.GetProperty("f").GetDouble());
        Assert.Equal("""["x","y",-3]""", root.GetProperty("g").GetRawText());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("h").ValueKind);
        Assert.Equal("GPIO17", root.GetProperty("i").GetString());
    }

    [Fact]
    public void More_than_one_document_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => YamlJson.Convert("a: 1\n---\nb: 2\n"));
    }
}
