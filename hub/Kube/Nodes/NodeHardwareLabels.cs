using System.Globalization;
using PiController.Hub.Provisioning.Install;
using PiController.Protocol.Link;

namespace PiController.Hub.Kube.Nodes;

/// <summary>
/// The labels and taints the hub keeps on a cluster's node, from the node's last hardware report, the typed sensors
/// its agent has verified (I2C devices Applied on it) and the cluster's policy. What Node Feature Discovery cannot
/// see: the labels a node registers with (<see cref="HardwareLabels"/>: board, revision, memory-mb, processor, gpio,
/// i2c, spi, pwm), plus model, board-revision, gpio-lines, i2c-buses, pwm-channels, sensor.DEVICE and node-id. With
/// the policy's throttle taints, under-voltage and thermal-throttled (NoSchedule) while the firmware says so now.
/// Pure: the part reads the inputs, this decides.
/// </summary>
internal static class NodeHardwareLabels
{
    public const string NodeIdLabel = HardwareLabels.NodeId;
    public const string UnderVoltageTaint = HardwareLabels.Prefix + "under-voltage";
    public const string ThermalTaint = HardwareLabels.Prefix + "thermal-throttled";
    public const string SensorPrefix = HardwareLabels.Prefix + "sensor.";

    /// <param name="nodeId">The hub's node id (the node-id label).</param>
    /// <param name="report">The node's last hardware report; null when it sent none (then nothing is removed).</param>
    /// <param name="sensors">The typed devices (bme280, sht3x, ...) its agent reads now.</param>
    /// <param name="throttleTaints">The cluster's policy asks for throttling taints.</param>
    public static NodeLabelState Desired(string nodeId, HardwareReport? report, IEnumerable<string> sensors, bool throttleTaints)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Add(labels, "node-id", nodeId);
        foreach (var sensor in sensors.Select(s => s.Trim().ToLowerInvariant()).Distinct())
        {
            Add(labels, "sensor." + sensor, "true");
        }
        if (report is null)
        {
            return new NodeLabelState(labels, [], false);
        }
        foreach (var (key, value) in HardwareLabels.From(report))
        {
            labels[key] = value;
        }
        var board = report.Board;
        Add(labels, "model", board is { HasModel: true } ? board.Model : null);
        Add(labels, "board-revision", board is { HasBoardRevision: true } ? board.BoardRevision : null);
        Add(labels, "gpio-lines", Count(report.GpioChips.Where(c => c.HasLineCount).Select(c => c.LineCount)));
        Add(labels, "i2c-buses", report.I2CBuses.Count > 0 ? report.I2CBuses.Count.ToString(CultureInfo.InvariantCulture) : null);
        Add(labels, "pwm-channels", Count(report.PwmChips.Where(c => c.HasChannelCount).Select(c => c.ChannelCount)));
        var taints = new List<NodeTaint>();
        if (throttleTaints && report.Throttling is { } throttling)
        {
            if (throttling is { HasUnderVoltageNow: true, UnderVoltageNow: true })
            {
                taints.Add(new NodeTaint(UnderVoltageTaint, "true", NodeTaint.NoSchedule));
            }
            if (throttling is { HasThrottledNow: true, ThrottledNow: true } or { HasSoftTemperatureLimitNow: true, SoftTemperatureLimitNow: true })
            {
                taints.Add(new NodeTaint(ThermalTaint, "true", NodeTaint.NoSchedule));
            }
        }
        return new NodeLabelState(labels, taints, true);
    }

    private static string? Count(IEnumerable<uint> counts)
    {
        var list = counts.ToList();
        return list.Count == 0 || list.Sum(c => (long)c) == 0 ? null : list.Sum(c => (long)c).ToString(CultureInfo.InvariantCulture);
    }

    private static void Add(SortedDictionary<string, string> labels, string name, string? value)
    {
        if (value is not null && HardwareLabels.Value(value) is { } clean)
        {
            labels[HardwareLabels.Prefix + name] = clean;
        }
    }
}
