using System.Globalization;
using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Probe;

/// <summary>
/// Live metrics read from /proc and /sys. CPU use is the busy share of jiffies since the previous sample,
/// so the first sample has no CPU figure; every other value that cannot be read is left unset.
/// </summary>
internal sealed class MetricsSampler(SystemRoot root, string diskPath)
{
    private (ulong Busy, ulong Total)? _previousCpu;
    private string? _thermalZone;
    private bool _thermalZoneChosen;

    public Metrics Sample()
    {
        var metrics = new Metrics();
        if (ReadCpu() is { } cpu)
        {
            if (_previousCpu is { } previous && cpu.Total > previous.Total)
            {
                metrics.CpuPercent = Math.Round(100.0 * (cpu.Busy - previous.Busy) / (cpu.Total - previous.Total), 1);
            }
            _previousCpu = cpu;
        }
        ReadMemory(metrics);
        ReadDisk(metrics);
        if (ReadTemperature() is { } celsius)
        {
            metrics.TemperatureCelsius = celsius;
        }
        ReadLoad(metrics);
        if (root.ReadTrimmed("/proc/uptime") is { } uptime &&
            double.TryParse(uptime.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            metrics.UptimeSeconds = (ulong)seconds;
        }
        return metrics;
    }

    private (ulong Busy, ulong Total)? ReadCpu()
    {
        var stat = root.ReadText("/proc/stat");
        var line = stat?.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => ulong.TryParse(f, CultureInfo.InvariantCulture, out var v) ? v : 0UL).ToArray();
        if (fields.Length < 4)
        {
            return null;
        }
        // user nice system idle iowait irq softirq steal; guest time is already inside user.
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        var total = fields.Take(8).Aggregate(0UL, (a, b) => a + b);
        return (total - idle, total);
    }

    private void ReadMemory(Metrics metrics)
    {
        var meminfo = root.ReadText("/proc/meminfo");
        if (meminfo is null)
        {
            return;
        }
        foreach (var line in meminfo.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out var kib))
            {
                continue;
            }
            switch (parts[0])
            {
                case "MemTotal:":
                    metrics.MemoryTotalBytes = kib * 1024;
                    break;
                case "MemAvailable:":
                    metrics.MemoryAvailableBytes = kib * 1024;
                    break;
            }
        }
    }

    private void ReadDisk(Metrics metrics)
    {
        try
        {
            var drive = new DriveInfo(diskPath);
            if (drive.IsReady)
            {
                metrics.DiskTotalBytes = (ulong)drive.TotalSize;
                metrics.DiskAvailableBytes = (ulong)drive.AvailableFreeSpace;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Unknown: left unset.
        }
    }

    /// <summary>The CPU's thermal zone (cpu-thermal on a Pi, x86_pkg_temp on a PC), else the first zone.</summary>
    private double? ReadTemperature()
    {
        // Chosen once: zones do not come and go while the agent runs, and this runs on every heartbeat.
        if (!_thermalZoneChosen)
        {
            _thermalZone = ChooseThermalZone();
            _thermalZoneChosen = true;
        }
        if (_thermalZone is null)
        {
            return null;
        }
        var raw = root.ReadTrimmed($"/sys/class/thermal/{_thermalZone}/temp");
        return double.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milli) ? milli / 1000.0 : null;
    }

    private string? ChooseThermalZone()
    {
        string? chosen = null;
        foreach (var zone in root.EntryNames("/sys/class/thermal").Where(n => n.StartsWith("thermal_zone", StringComparison.Ordinal)))
        {
            if (root.ReadTrimmed($"/sys/class/thermal/{zone}/type") is "cpu-thermal" or "x86_pkg_temp" or "soc_thermal")
            {
                return zone;
            }
            chosen ??= zone;
        }
        return chosen;
    }

    private void ReadLoad(Metrics metrics)
    {
        var parts = root.ReadTrimmed("/proc/loadavg")?.Split(' ');
        if (parts is not { Length: >= 3 })
        {
            return;
        }
        if (double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var l1) &&
            double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var l5) &&
            double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var l15))
        {
            metrics.Load1 = l1;
            metrics.Load5 = l5;
            metrics.Load15 = l15;
        }
    }
}
