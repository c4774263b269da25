using PiController.Agent.Platform;

namespace PiController.Agent.Hardware.Probe;

/// <summary>
/// The node id: the board's serial number (device tree, else the Serial line of /proc/cpuinfo), else
/// /etc/machine-id. Never an IP address or hostname, so DHCP and renames cannot confuse two boards.
/// </summary>
internal static class NodeIdentity
{
    public static string? Read(SystemRoot root) => Serial(root) ?? MachineId(root);

    /// <summary>The board's serial number in lower case, or null when the board reports none that is usable.</summary>
    public static string? Serial(SystemRoot root)
    {
        // Each source is checked on its own: a device tree that holds zeros must not hide a real cpuinfo serial.
        foreach (var serial in new[] { root.ReadTrimmed("/proc/device-tree/serial-number"), CpuInfo.Field(root.ReadText("/proc/cpuinfo"), "Serial") })
        {
            if (IsUsableSerial(serial))
            {
                return serial!.ToLowerInvariant();
            }
        }
        return null;
    }

    public static string? MachineId(SystemRoot root)
    {
        var id = root.ReadTrimmed("/etc/machine-id");
        return id is { Length: 32 } && id.All(char.IsAsciiHexDigit) ? id.ToLowerInvariant() : null;
    }

    /// <summary>The simulated board's serial: configured, else derived from the machine id so it is stable.</summary>
    public static string? Simulated(SystemRoot root, string? configured) =>
        configured ?? (MachineId(root) is { } id ? "sim-" + id[..12] : null);

    // A serial of all zeros is what some boards and emulators report when they have none.
    private static bool IsUsableSerial(string? serial) =>
        serial is { Length: >= 8 } && serial.All(char.IsAsciiHexDigit) && serial.Any(c => c != '0');
}
