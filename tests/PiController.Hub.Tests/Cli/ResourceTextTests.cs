using System.Text.Json;
using PiController.Hub.Cli;
using PiController.Hub.Resources;

namespace PiController.Hub.Tests.Cli;

public sealed class ResourceTextTests
{
    private const string Climate = """
        {"kind": "I2CDevice", "name": "climate", "labels": {"room": "lab"}, "node": {"id": null, "selector": "room=lab"},
         "spec": {"bus": 1, "address": "0x76", "device": "bme280", "intervalMs": 500, "onDelete": null},
         "status": {"node": "pi-1", "observed": {"bus": 1, "address": "0x76", "values": {"temperature_celsius": 25.1}},
                    "conditions": [
                      {"type": "Applied", "status": "False", "reason": "NodeOffline", "message": "node pi-1 is not connected", "lastTransitionTime": "2026-01-01T00:00:00Z"},
                      {"type": "NodeOffline", "status": "True", "reason": "AgentNotConnected", "message": "node pi-1 is not connected", "lastTransitionTime": "2026-01-01T00:00:00Z"}],
                    "lastUpdate": null, "observedGeneration": 1},
         "generation": 2, "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z"}
        """;

    [Fact]
    public void A_list_shows_each_resource_s_node_target_true_condition_and_generations()
    {
        var list = JsonDocument.Parse($"[{Climate}]").RootElement;
        Assert.Equal(
            """
            NAME     NODE  TARGET             STATUS                           OBSERVED/GEN
            climate  pi-1  bus 1 0x76 bme280  NodeOffline (AgentNotConnected)  1/2
            """.ReplaceLineEndings("\n"),
            ResourceText.Table(ResourceKind.I2cDevice, list).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_description_lists_every_condition_with_its_reason_and_message()
    {
        var text = ResourceText.Describe(JsonDocument.Parse(Climate).RootElement);
        Assert.Contains("node: pi-1 (selector room=lab)", text, StringComparison.Ordinal);
        Assert.Contains("observed: bus=1, address=0x76, values={temperature_celsius=25.1}", text, StringComparison.Ordinal);
        Assert.Contains("  NodeOffline  True   AgentNotConnected: node pi-1 is not connected", text, StringComparison.Ordinal);
        Assert.Contains("  Applied      False  NodeOffline: node pi-1 is not connected", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_list_says_so()
    {
        Assert.Equal("no PWMController resources", ResourceText.Table(ResourceKind.PwmController, JsonDocument.Parse("[]").RootElement));
    }
}
