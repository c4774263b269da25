using PiController.Hub.Nodes;

namespace PiController.Hub.Tests.Resources;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Garage = new() { ["room"] = "garage", ["tier"] = "prod", ["hardware.pi-controller.io/model"] = "4B" };

    private static LabelSelector Parse(string text) => LabelSelector.Parse(text);

    [Theory]
    [InlineData("room=garage", true)]
    [InlineData("room==garage", true)]
    [InlineData("room=kitchen", false)]
    [InlineData("room!=kitchen", true)]
    [InlineData("room!=garage", false)]
    [InlineData("owner!=bob", true)]
    [InlineData("tier", true)]
    [InlineData("owner", false)]
    [InlineData("!owner", true)]
    [InlineData("!tier", false)]
    [InlineData("room=garage,tier=prod,hardware.pi-controller.io/model=4B", true)]
    [InlineData("room=garage, tier=test", false)]
    [InlineData("", true)]
    public void Requirements_match_as_in_Kubernetes(string text, bool matches) =>
        Assert.Equal(matches, Parse(text).Matches(Garage));

    [Theory]
    [InlineData("room=garage,,tier=prod", "empty requirement")]
    [InlineData("=garage", "no key")]
    [InlineData("room=has space", "value")]
    [InlineData("bad key=x", "label key")]
    public void A_malformed_selector_is_refused_with_what_is_wrong(string text, string problemPart)
    {
        var refused = Assert.Throws<PiController.Hub.Api.HubException>(() => LabelSelector.Parse(text));
        Assert.Equal(PiController.Hub.Api.HubErrorKind.Invalid, refused.Kind);
        Assert.Contains(problemPart, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("porch-light", null)]
    [InlineData("Porch", "DNS label")]
    [InlineData("-porch", "DNS label")]
    [InlineData("", "name is required")]
    public void Resource_names_are_dns_labels(string name, string? problemPart)
    {
        var problem = LabelRules.Name(name);
        if (problemPart is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(problemPart, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Free_text_becomes_a_valid_label_value()
    {
        Assert.Equal("Zero-2-W", LabelRules.ToValue("Zero 2 W"));
        Assert.Null(LabelRules.ToValue("  "));
        Assert.Null(LabelRules.Value("m", LabelRules.ToValue("Raspberry Pi 4 Model B Rev 1.4")!));
    }
}
