namespace PiController.Hub.Provisioning.Preflight;

/// <summary>
/// Whether the kernel really runs the memory cgroup controller, read from the live state as install.sh checks it
/// (service_enable_and_start): "memory" among the cgroup v2 controllers (/sys/fs/cgroup/cgroup.controllers), else the
/// memory row of /proc/cgroups with enabled = 1. Never from cmdline.txt: Pi 5 boards have had the flags there and
/// still no memory controller (k3s-io/k3s#8890).
/// </summary>
internal static class CgroupState
{
    /// <returns>True or false, or null when neither file was read.</returns>
    public static bool? MemoryEnabled(string? controllers, string? procCgroups)
    {
        if (controllers is not null && controllers.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Contains("memory"))
        {
            return true;
        }
        if (procCgroups is not null)
        {
            var row = procCgroups.Split('\n')
                .Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                .FirstOrDefault(f => f.Length >= 4 && f[0] == "memory");
            if (row is not null)
            {
                return row[3] == "1";
            }
        }
        return controllers is null && procCgroups is null ? null : false;
    }
}
