using PiController.Protocol.Link;

namespace PiController.Hub.Nodes;

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

    public static Metrics ToMessage(this MetricsView v)
    {
        var m = new Metrics();
        if (v.CpuPercent is { } cpu) { m.CpuPercent = cpu; }
        if (v.MemoryTotalBytes is { } mt) { m.MemoryTotalBytes = mt; }
        if (v.MemoryAvailableBytes is { } ma) { m.MemoryAvailableBytes = ma; }
        if (v.DiskTotalBytes is { } dt) { m.DiskTotalBytes = dt; }
        if (v.DiskAvailableBytes is { } da) { m.DiskAvailableBytes = da; }
        if (v.TemperatureCelsius is { } t) { m.TemperatureCelsius = t; }
        if (v.Load1 is { } l1) { m.Load1 = l1; }
        if (v.Load5 is { } l5) { m.Load5 = l5; }
        if (v.Load15 is { } l15) { m.Load15 = l15; }
        if (v.UptimeSeconds is { } up) { m.UptimeSeconds = up; }
        return m;
    }
}
