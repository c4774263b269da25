using PiController.Agent.Hardware.Probe;
using PiController.Agent.Platform;
using PiController.Agent.Tests.Support;

namespace PiController.Agent.Tests.Hardware.Probe;

public sealed class MetricsSamplerTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private MetricsSampler Sampler() => new(new SystemRoot(_tree.Root), _tree.Root);

    // user nice system idle iowait irq softirq steal guest guest_nice, as in /proc/stat.
    private void Stat(string cpu) => _tree.Write("/proc/stat", $"cpu  {cpu}\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 12345\nctxt 6789\n");

    [Fact]
    public void Cpu_percent_is_the_busy_share_between_two_samples()
    {
        var sampler = Sampler();
        Stat("1000 0 500 8000 100 0 0 0 0 0");
        var first = sampler.Sample();
        // +300 user, +100 system, +550 idle, +50 iowait: 400 busy of 1000.
        Stat("1300 0 600 8550 150 0 0 0 0 0");

        var second = sampler.Sample();

        Assert.False(first.HasCpuPercent);
        Assert.Equal(40.0, second.CpuPercent);
    }

    [Fact]
    public void Cpu_percent_is_unset_when_the_counters_did_not_move()
    {
        var sampler = Sampler();
        Stat("1000 0 500 8000 100 0 0 0 0 0");
        sampler.Sample();

        var second = sampler.Sample();

        Assert.False(second.HasCpuPercent);
    }

    [Fact]
    public void Memory_load_and_uptime_are_read_from_proc()
    {
        _tree.Write("/proc/meminfo", "MemTotal:        3884376 kB\nMemFree:          512000 kB\nMemAvailable:    2949120 kB\nBuffers:           81920 kB\n");
        _tree.Write("/proc/loadavg", "0.52 0.38 0.21 1/234 5678\n");
        _tree.Write("/proc/uptime", "86461.73 340112.05\n");

        var metrics = Sampler().Sample();

        Assert.Equal(3884376UL * 1024, metrics.MemoryTotalBytes);
        Assert.Equal(2949120UL * 1024, metrics.MemoryAvailableBytes);
        Assert.Equal(0.52, metrics.Load1);
        Assert.Equal(0.38, metrics.Load5);
        Assert.Equal(0.21, metrics.Load15);
        Assert.Equal(86461UL, metrics.UptimeSeconds);
    }

    [Fact]
    public void Cpu_thermal_zone_is_chosen_over_the_first_zone()
    {
        _tree.Write("/sys/class/thermal/thermal_zone0/type", "acpitz\n");
        _tree.Write("/sys/class/thermal/thermal_zone0/temp", "27800\n");
        _tree.Write("/sys/class/thermal/thermal_zone1/type", "cpu-thermal\n");
        _tree.Write("/sys/class/thermal/thermal_zone1/temp", "48312\n");

        var metrics = Sampler().Sample();

        Assert.Equal(48.312, metrics.TemperatureCelsius);
    }

    [Fact]
    public void First_zone_is_used_when_none_is_the_cpu()
    {
        _tree.Write("/sys/class/thermal/thermal_zone0/type", "acpitz\n");
        _tree.Write("/sys/class/thermal/thermal_zone0/temp", "27800\n");

        var metrics = Sampler().Sample();

        Assert.Equal(27.8, metrics.TemperatureCelsius);
    }

    [Fact]
    public void Unreadable_zone_temperature_is_unset()
    {
        _tree.Write("/sys/class/thermal/thermal_zone0/type", "cpu-thermal\n");

        var metrics = Sampler().Sample();

        Assert.False(metrics.HasTemperatureCelsius);
    }

    [Fact]
    public void Missing_files_leave_every_field_unset()
    {
        var metrics = Sampler().Sample();

        Assert.False(metrics.HasCpuPercent);
        Assert.False(metrics.HasMemoryTotalBytes);
        Assert.False(metrics.HasMemoryAvailableBytes);
        Assert.False(metrics.HasTemperatureCelsius);
        Assert.False(metrics.HasLoad1);
        Assert.False(metrics.HasLoad5);
        Assert.False(metrics.HasLoad15);
        Assert.False(metrics.HasUptimeSeconds);
    }

    [Fact]
    public void Malformed_values_are_unset_rather_than_zero()
    {
        _tree.Write("/proc/meminfo", "MemTotal: lots kB\n");
        _tree.Write("/proc/loadavg", "high\n");
        _tree.Write("/proc/uptime", "forever\n");
        _tree.Write("/proc/stat", "cpu  1 2\n");

        var metrics = Sampler().Sample();

        Assert.False(metrics.HasMemoryTotalBytes);
        Assert.False(metrics.HasLoad1);
        Assert.False(metrics.HasUptimeSeconds);
        Assert.False(metrics.HasCpuPercent);
    }

    [Fact]
    public void Disk_figures_come_from_the_data_directory_file_system()
    {
        var metrics = Sampler().Sample();

        Assert.True(metrics.DiskTotalBytes > 0);
        Assert.InRange(metrics.DiskAvailableBytes, 0UL, metrics.DiskTotalBytes);
    }
}
