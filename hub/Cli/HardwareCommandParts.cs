using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PiController.Hub.Cli;

/// <summary>What the gpio, pwm and i2c verbs share: the node argument, --json, and printing JSON.</summary>
internal static class HardwareCommandParts
{
    public static Argument<string> Node() => new("node") { Description = "node id (pi-controller nodes ls)" };

    public static Argument<string> Pin() => new("pin") { Description = "BCM number (17, GPIO17) or header position (P11, \"pin 11\")" };

    public static Option<bool> Json() => new("--json") { Description = "print JSON" };

    public static void PrintJson<T>(T value, JsonTypeInfo<T> type) => Terminal.WriteLine(JsonSerializer.Serialize(value, type));
}
