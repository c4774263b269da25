using System.Runtime.InteropServices;
using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Probe;

/// <summary>Hostname, model, OS, kernel and architecture as the system reports them; unknown stays empty.</summary>
internal static class SystemInfoReader
{
    public const string SimulatedModel = "Raspberry Pi 4 Model B Rev 1.5";

    public static SystemInfo Read(SystemRoot root, bool simulated) => new()
    {
        Hostname = root.ReadTrimmed("/proc/sys/kernel/hostname") ?? Environment.MachineName,
        Model = simulated ? SimulatedModel : Model(root) ?? "",
        Architecture = "linux-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
        Os = OsRelease(root) ?? "",
        Kernel = root.ReadTrimmed("/proc/sys/kernel/osrelease") ?? "",
        Board = simulated ? "sim" : "native",
    };

    private static string? Model(SystemRoot root)
    {
        if (root.ReadTrimmed("/proc/device-tree/model") is { } model)
        {
            return model;
        }
        // Not a device-tree board: the firmware's DMI names are the best real description.
        var vendor = root.ReadTrimmed("/sys/class/dmi/id/sys_vendor");
        var product = root.ReadTrimmed("/sys/class/dmi/id/product_name");
        return (vendor, product) switch
        {
            (null, null) => null,
            (null, _) => product,
            (_, null) => vendor,
            _ => product!.StartsWith(vendor!, StringComparison.OrdinalIgnoreCase) ? product : $"{vendor} {product}",
        };
    }

    private static string? OsRelease(SystemRoot root)
    {
        var text = root.ReadText("/etc/os-release") ?? root.ReadText("/usr/lib/os-release");
        if (text is null)
        {
            return null;
        }
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            {
                var value = line["PRETTY_NAME=".Length..].Trim().Trim('"');
                return value.Length > 0 ? value : null;
            }
        }
        return null;
    }
}
