using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>The transport's fixed reads and the consented reboot, as exact scripts (the pure builder's other half, beside <see cref="SshStepScripts"/>).</summary>
internal static class SshQueries
{
    /// <summary>The first line says whether the file is there; the file follows.</summary>
    public const string Present = "present";

    public const string BootId = "cat /proc/sys/kernel/random/boot_id";

    /// <summary>Run as root by <c>ssh check</c>: "0" when becoming root works the target's way.</summary>
    public const string UserId = "id -u";

    /// <summary><c>--no-block</c>: the reboot is queued and the command returns before the connection goes down.</summary>
    public const string Reboot = "systemctl --no-block reboot";

    /// <summary>The boot command line files a consented fix may write: these and nothing else.</summary>
    public static readonly IReadOnlyList<string> CmdlineFiles = ["/boot/firmware/cmdline.txt", "/boot/cmdline.txt"];

    /// <summary>The units a plan may query: K3s's and nothing else.</summary>
    public static readonly IReadOnlyList<string> Units = ["k3s", "k3s-agent"];

    public static string ReadFile(K3sFile file)
    {
        var path = ShellText.Quote(K3sFiles.PathOf(file));
        return $"if [ -f {path} ]; then echo {Present}; cat {path}; fi";
    }

    public static string ServiceState(string unit) => Units.Contains(unit)
        ? $"systemctl show -p ActiveState --value {unit}"
        : throw new ArgumentException($"{unit} is not a K3s unit; only {string.Join(" and ", Units)} are queried", nameof(unit));
}
