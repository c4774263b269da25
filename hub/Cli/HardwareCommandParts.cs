using System.CommandLine;

namespace PiController.Hub.Cli;

/// <summary>What the gpio, pwm and i2c verbs share: the node and pin arguments.</summary>
internal static class HardwareCommandParts
{
    public static Argument<string> Node() => new("node") { Description = "node id (pi-controller nodes ls)" };

    public static Argument<string> Pin() => new("pin") { Description = "BCM number (17, GPIO17) or header position (P11, \"pin 11\")" };
}
