using System.Globalization;

namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// kube-reserved, system-reserved and eviction-hard for the kubelet, scaled to the board's memory. Without them the
/// scheduler promises pods memory that K3s itself (kubelet, containerd and, on a server, the API server, etcd and
/// controllers: about 270 MB for an agent and over 1 GB for a server on a Pi 4) and the OS need, and a busy Pi
/// swaps or meets the kernel's OOM killer instead of evicting a pod. A server reserves 384 MiB more for its control
/// plane. eviction-hard restates the kubelet's other default thresholds, because setting one of them sets the
/// others to zero.
/// </summary>
internal static class KubeletReservations
{
    private const uint ServerExtraMegabytes = 384;

    /// <summary>(up to this many MiB of board memory, kube-reserved MiB, system-reserved MiB, eviction threshold MiB)</summary>
    private static readonly (uint UpTo, uint Kube, uint System, uint Eviction)[] Tiers =
    [
        (512, 128, 64, 50),
        (1024, 192, 96, 100),
        (2048, 256, 128, 100),
        (4096, 384, 192, 200),
        (uint.MaxValue, 512, 256, 300),
    ];

    public static (IReadOnlyList<string> Arguments, string Reason)? For(K3sRole role, uint? memoryMegabytes)
    {
        if (memoryMegabytes is not { } memory)
        {
            return null;
        }
        var tier = Tiers.First(t => memory <= t.UpTo);
        var kube = tier.Kube + (role == K3sRole.Server ? ServerExtraMegabytes : 0);
        var cpu = role == K3sRole.Server ? "250m" : "100m";
        IReadOnlyList<string> arguments =
        [
            string.Create(CultureInfo.InvariantCulture, $"kube-reserved=cpu={cpu},memory={kube}Mi"),
            string.Create(CultureInfo.InvariantCulture, $"system-reserved=cpu=100m,memory={tier.System}Mi"),
            string.Create(CultureInfo.InvariantCulture, $"eviction-hard=memory.available<{tier.Eviction}Mi,nodefs.available<10%,imagefs.available<15%,nodefs.inodesFree<5%"),
        ];
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"{memory} MiB board, {(role == K3sRole.Server ? "server" : "agent")}: {kube + tier.System + tier.Eviction} MiB kept from pods for K3s, the OS and the eviction margin, so pods are evicted before the Pi runs out of memory");
        return (arguments, reason);
    }
}
