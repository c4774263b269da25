using PiController.Protocol.Link;

namespace PiController.Hub.Nodes;

/// <summary>Link metrics to the hub's view; the public API's messages are mapped in <see cref="NodesProtoMapping"/>.</summary>
internal static class MetricsMapping
{
    public static MetricsView ToView(this Metrics m) => new(
        m.HasCpuPercent ? m.CpuPercent : null,
        m.HasMemoryTotalBytes ? m.MemoryTotalBytes : null,
        m.HasMemoryAvailableBytes ? m.MemoryAvailableBytes : null,
        m.HasDiskTotalBytes ? m.DiskTotalBytes : null,
        m.HasDiskAvailableBytes ? m.DiskAvailableBytes : null,
        m.HasTemperatureCelsius ? m.TemperatureCelsius : null,
        m.HasLoad1 ? m.Load1 : null,
        m.HasLoad5 ? m.Load5 : null,
        m.HasLoad15 ? m.Load15 : null,
        m.HasUptimeSeconds ? m.UptimeSeconds : null);
}
