namespace PiController.Hub.Provisioning.Preflight;

/// <summary>What the root file system is stored on, from its block device's name.</summary>
internal enum StorageKind
{
    Unknown,

    /// <summary>mmcblkN: an SD card, or the eMMC of a compute module; K3s's docs say neither can carry etcd's writes.</summary>
    SdOrEmmc,

    /// <summary>sdX or nvmeN: an SSD (USB, SATA or NVMe) or a USB drive.</summary>
    Ssd,
}

internal static class StorageKinds
{
    public static StorageKind Of(string? device)
    {
        var name = device?.Trim();
        if (name is null)
        {
            return StorageKind.Unknown;
        }
        name = name.StartsWith("/dev/", StringComparison.Ordinal) ? name[5..] : name;
        return name.StartsWith("mmcblk", StringComparison.Ordinal) ? StorageKind.SdOrEmmc
            : name.StartsWith("nvme", StringComparison.Ordinal) || (name.StartsWith("sd", StringComparison.Ordinal) && name.Length > 2) ? StorageKind.Ssd
            : StorageKind.Unknown;
    }
}
