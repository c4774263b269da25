using PiController.Hub.Api;
using PiController.Hub.Kube.Quotas;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Resources;

namespace PiController.Hub.Kube.Placement;

/// <summary>
/// Parses <c>--needs</c>: comma-separated terms, each one of gpio, i2c, pwm, spi (the node has it), i2c:DEVICE (its
/// agent reads a DEVICE: bme280, bmp280, sht3x, ads1115, mcp23017), memory&gt;=SIZE (512Mi, 2Gi, 4G) and board=NAME
/// (4B, 5, Zero-2-W). A term that is none of these is refused, named, with the grammar.
/// </summary>
internal static class PlacementNeeds
{
    public static readonly IReadOnlyList<string> Features = ["gpio", "i2c", "pwm", "spi"];

    public const string Grammar = "gpio, i2c, pwm, spi, i2c:DEVICE (bme280, bmp280, sht3x, ads1115, mcp23017), memory>=SIZE (512Mi, 2Gi) or board=NAME (4B, 5, Zero-2-W)";

    public static IReadOnlyList<PlacementNeed> Parse(string? text)
    {
        var terms = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (terms.Length == 0)
        {
            throw new HubException(HubErrorKind.Invalid, $"no needs given; name them comma separated, for example --needs gpio,i2c:bme280,memory>=2Gi (terms: {Grammar})");
        }
        return [.. terms.Select(Term)];
    }

    private static PlacementNeed Term(string term)
    {
        var lower = term.ToLowerInvariant();
        if (Features.Contains(lower))
        {
            return new PlacementNeed(term, PlacementNeedKind.Feature, HardwareLabels.Prefix + lower, "true");
        }
        if (lower.StartsWith("i2c:", StringComparison.Ordinal))
        {
            var device = lower[4..].Trim();
            return SpecRules.Devices.Contains(device)
                ? new PlacementNeed(term, PlacementNeedKind.Sensor, HardwareLabels.Prefix + "sensor." + device, "true")
                : throw Bad(term, $"\"{device}\" is not a device type the hub reads; use one of {string.Join(", ", SpecRules.Devices)}");
        }
        if (lower.StartsWith("memory", StringComparison.Ordinal))
        {
            var rest = term[6..].TrimStart();
            if (!rest.StartsWith(">=", StringComparison.Ordinal))
            {
                throw Bad(term, "a memory need is written memory>=SIZE, for example memory>=2Gi");
            }
            var bytes = MemoryQuantity.Parse(rest[2..]);
            return bytes is > 0
                ? new PlacementNeed(term, PlacementNeedKind.Memory, HardwareLabels.Prefix + "memory-mb", null, (bytes.Value + MemoryQuantity.Mebibyte - 1) / MemoryQuantity.Mebibyte)
                : throw Bad(term, $"\"{rest[2..].Trim()}\" is not a memory size; write it as Kubernetes does: 512Mi, 2Gi, 4G");
        }
        if (lower.StartsWith("board=", StringComparison.Ordinal))
        {
            return HardwareLabels.Value(term[6..].Trim()) is { } board
                ? new PlacementNeed(term, PlacementNeedKind.Board, HardwareLabels.Prefix + "board", board)
                : throw Bad(term, "name a board type after board=, as pi-controller nodes ls shows it: 4B, 5, Zero-2-W");
        }
        throw Bad(term, $"the terms are {Grammar}");
    }

    private static HubException Bad(string term, string why) => new(HubErrorKind.Invalid, $"need \"{TextRules.Excerpt(term)}\" is not understood: {why}");
}
