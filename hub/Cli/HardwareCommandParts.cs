using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PiController.Hub.Cli;

/// <summary>What the gpio, pwm and i2c verbs share: the node argument, --json, and the path of a node's resource.</summary>
internal static class HardwareCommandParts
{
    public static Argument<string> Node() => new("node") { Description = "node id (pi-controller nodes ls)" };

    public static Argument<string> Pin() => new("pin") { Description = "BCM number (17, GPIO17) or header position (P11, \"pin 11\")" };

    public static Option<bool> Json() => new("--json") { Description = "print JSON" };

    public static string PathOf(string node, string resource) => $"/api/v1/nodes/{Uri.EscapeDataString(node)}/{resource}";

    public static string Escape(string segment) => Uri.EscapeDataString(segment);

    public static void PrintJson<T>(T value, JsonTypeInfo<T> type) => Terminal.WriteLine(JsonSerializer.Serialize(value, type));
}
