using System.Security.Cryptography;

namespace PiController.Testing.Hosts;

/// <summary>
/// What the test knows and the hosts' user "pi" accepts: a password (sudo asks for it; it reaches a host only through
/// stdin, never argv) and an ed25519 key pair whose public half is in ~pi/.ssh/authorized_keys on every host. The
/// hosts' own keys are pinned in <see cref="KnownHosts"/> as each host is made.
/// </summary>
public sealed class HostCredentials
{
    private readonly SemaphoreSlim _knownHostsGate = new(1, 1);

    private HostCredentials(string directory, string password, string publicKey) =>
        (Directory, Password, PublicKey) = (directory, password, publicKey);

    public string Directory { get; }

    public const string User = "pi";

    public string Password { get; }

    /// <summary>The private key file (OpenSSH format, mode 0600).</summary>
    public string PrivateKey => Path.Join(Directory, "id_ed25519");

    /// <summary>The public key line, as in authorized_keys.</summary>
    public string PublicKey { get; }

    /// <summary>ssh's known_hosts file: one line per host address with that host's ed25519 key.</summary>
    public string KnownHosts => Path.Join(Directory, "known_hosts");

    public static async Task<HostCredentials> CreateAsync(string directory)
    {
        var key = Path.Join(directory, "id_ed25519");
        (await Run.Async("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "pi-controller-tests", "-f", key).ConfigureAwait(false)).Ok("ssh-keygen");
        await File.WriteAllTextAsync(Path.Join(directory, "known_hosts"), "").ConfigureAwait(false);
        var password = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
        return new HostCredentials(directory, password, (await File.ReadAllTextAsync(key + ".pub").ConfigureAwait(false)).Trim());
    }

    /// <summary>Pins <paramref name="address"/>'s host key (the .pub file's "TYPE KEY" part).</summary>
    public async Task PinAsync(string address, string hostPublicKey)
    {
        var parts = hostPublicKey.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await _knownHostsGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await File.AppendAllTextAsync(KnownHosts, $"{address} {parts[0]} {parts[1]}\n").ConfigureAwait(false);
        }
        finally
        {
            _knownHostsGate.Release();
        }
    }

    /// <summary>The arguments of ssh (before the destination) that use this key and trust only pinned host keys.</summary>
    public IReadOnlyList<string> SshOptions =>
    [
        "-i", PrivateKey, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", $"UserKnownHostsFile={KnownHosts}",
        "-o", "StrictHostKeyChecking=yes", "-o", "GlobalKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR",
    ];
}
