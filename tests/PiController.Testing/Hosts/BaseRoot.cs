using System.Security.Cryptography;
using System.Text;

namespace PiController.Testing.Hosts;

/// <summary>
/// The Debian root every test host boots from (read-only, under an overlay per host): debootstrap minbase of this
/// machine's release from the mirror its apt uses, with systemd as init, sshd, sudo and what the agent's package
/// depends on, and a user "pi" in the sudo group (password and key are set per host). Built once and kept under
/// artifacts/cache/hosts (artifacts/ is never committed); a changed package list builds a new one.
/// </summary>
public static class BaseRoot
{
    /// <summary>What a host has besides minbase: init, sshd, sudo, the tools a provisioner uses, the agent's libraries.</summary>
    public static readonly string[] Packages =
        ["systemd", "systemd-sysv", "dbus", "openssh-server", "iproute2", "sudo", "iptables", "kmod", "ca-certificates", "libssl3", "libgpiod2", "zlib1g"];

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _built;

    /// <summary>The downloaded .deb files debootstrap keeps between runs (shared with the packaging tests' root).</summary>
    public static string DebootstrapCache => Directory.CreateDirectory(Path.Join(Repo.Root, "artifacts", "cache", "debootstrap")).FullName;

    /// <summary>The root's path, building it first when this run or an earlier one has not.</summary>
    public static async Task<string> GetAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return _built ??= await BuildOnceAsync().ConfigureAwait(false);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> BuildOnceAsync()
    {
        var (mirror, suite) = AptMirror.Find();
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{suite} {mirror} {string.Join(',', Packages)} pi-sudo-v1")))[..12];
        var cache = Directory.CreateDirectory(Path.Join(Repo.Root, "artifacts", "cache", "hosts")).FullName;
        var root = Path.Join(cache, $"{suite}-{key}");
        // Another test process may be building the same root: one at a time, and a finished root is never rebuilt.
        using var lockFile = await LockAsync(Path.Join(cache, $"{suite}-{key}.lock")).ConfigureAwait(false);
        if (File.Exists(root + ".complete"))
        {
            return root;
        }
        var building = root + ".building";
        if (Directory.Exists(building))
        {
            Directory.Delete(building, recursive: true);
        }
        (await Run.Async("debootstrap", ["--variant=minbase", $"--cache-dir={DebootstrapCache}", "--include=" + string.Join(',', Packages), suite, building, mirror],
            timeout: TimeSpan.FromMinutes(15)).ConfigureAwait(false)).Ok($"debootstrap {suite} from {mirror}");
        (await Run.Async("chroot", [building, "useradd", "--create-home", "--shell", "/bin/bash", "--groups", "sudo", "pi"]).ConfigureAwait(false)).Ok("useradd pi");
        // Every host makes its own host keys; none may share the root's.
        foreach (var hostKey in Directory.GetFiles(Path.Join(building, "etc", "ssh"), "ssh_host_*"))
        {
            File.Delete(hostKey);
        }
        File.Delete(Path.Join(building, "etc", "machine-id"));
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
        Directory.Move(building, root);
        await File.WriteAllTextAsync(root + ".complete", string.Join('\n', Packages) + "\n").ConfigureAwait(false);
        return root;
    }

    private static async Task<FileStream> LockAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 1200)
            {
                await Task.Delay(500).ConfigureAwait(false);
            }
        }
    }
}
