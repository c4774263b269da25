using System.Globalization;
using PiController.Protocol.Link;

namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// The node labels (<c>hardware.pi-controller.io/...</c>) a node registers with, from its hardware report: board type,
/// revision code, memory, processor, and which buses it has, so a workload can ask for "a Pi 5" or "a node with I2C".
/// Only what the report holds: an unknown field gives no label. Values are cut to what Kubernetes accepts (at most 63
/// of [A-Za-z0-9_.-], starting and ending with a letter or digit): "Zero 2 W" becomes "Zero-2-W".
/// </summary>
internal static class HardwareLabels
{
    public const string Prefix = "hardware.pi-controller.io/";

    /// <summary>The hub's node id, on every node the hub installs: how the cluster manager matches a Kubernetes node to its hub node.</summary>
    public const string NodeId = Prefix + "node-id";

    /// <summary><paramref name="labels"/> and the node-id label (when the id is a valid label value).</summary>
    public static IReadOnlyDictionary<string, string> WithNodeId(IReadOnlyDictionary<string, string> labels, string nodeId)
    {
        var all = new SortedDictionary<string, string>(labels.ToDictionary(), StringComparer.Ordinal);
        if (Value(nodeId) is { } value && value == nodeId)
        {
            all[NodeId] = value;
        }
        return all;
    }

    public static IReadOnlyDictionary<string, string> From(HardwareReport report)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var board = report.Board;
        if (board is not null)
        {
            Add(labels, "board", board.HasBoardType ? board.BoardType : null);
            Add(labels, "revision", board.HasRevisionCode ? board.RevisionCode.ToString("x6", CultureInfo.InvariantCulture) : null);
            Add(labels, "memory-mb", board.HasMemoryMegabytes ? board.MemoryMegabytes.ToString(CultureInfo.InvariantCulture) : null);
            Add(labels, "processor", board.HasProcessor ? board.Processor : null);
        }
        Add(labels, "i2c", report.I2CBuses.Count > 0 ? "true" : null);
        Add(labels, "spi", report.SpiDevices.Count > 0 ? "true" : null);
        Add(labels, "pwm", report.PwmChips.Count > 0 ? "true" : null);
        Add(labels, "gpio", report.GpioChips.Count > 0 ? "true" : null);
        return labels;
    }

    /// <summary>A label value Kubernetes accepts, or null when nothing of <paramref name="text"/> is left.</summary>
    public static string? Value(string text)
    {
        var replaced = new string(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
        var trimmed = replaced[..Math.Min(63, replaced.Length)].Trim('-', '_', '.');
        return trimmed.Length == 0 ? null : trimmed;
    }

    private static void Add(SortedDictionary<string, string> labels, string name, string? value)
    {
        if (value is not null && Value(value) is { } clean)
        {
            labels[Prefix + name] = clean;
        }
    }
}
