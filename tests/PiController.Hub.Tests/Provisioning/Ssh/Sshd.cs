namespace PiController.Hub.Tests.Provisioning.Ssh;

/// <summary>
/// A real OpenSSH server as a provisioning target, on a loopback port (TESTING.md, "sshd as a real provisioning
/// target"): its own host key, in a private mount namespace whose /etc/passwd and /etc/shadow are the test's copies,
/// so <c>root</c> logs in with a test key, home in the test's directory and a plain /bin/sh (fast), and <c>pi</c>
/// (uid 1000) logs in with <see cref="Password"/> from a real shadow entry (UsePAM no). Nothing of the machine changes.
/// </summary>
internal sealed class Sshd : IDisposable
{
    public const string Password = "pi-test-password-7f3a";
    private readonly TestProcess _process;

    private Sshd(TestProcess process, string directory, int port, string fingerprint, string clientKey)
    {
        _process = process;
        Directory = directory;
        Port = port;
        HostKeyFingerprint = fingerprint;
        ClientKey = clientKey;
    }

    /// <summary>Null when sshd can run here, else why not (the tests skip with it).</summary>
    public static string? Unavailable =>
        Environment.UserName != "root" ? "needs root: sshd logs users in and the test mounts its own /etc/passwd"
        : new[] { "/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/unshare", "/usr/bin/openssl" }.FirstOrDefault(p => !File.Exists(p)) is { } missing
            ? $"needs {missing} (apt-get install openssh-server openssl util-linux)"
            : null;

    /// <summary>Where the host's files live (root's home): steps write below it.</summary>
    public string Directory { get; }

    public int Port { get; }

    /// <summary>SHA256:… of the host key, as ssh-keygen -l shows it.</summary>
    public string HostKeyFingerprint { get; }

    /// <summary>The private key root logs in with.</summary>
    public string ClientKey { get; }

    /// <summary>What sshd logged (LogLevel DEBUG1: forwarded channels are named).</summary>
    public string Log => _process.Output;

    public static async Task<Sshd> StartAsync(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var home = System.IO.Directory.CreateDirectory(Path.Join(directory, "home")).FullName;
        (await Run.Async("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Join(directory, "host_ed25519"))).Ok("ssh-keygen host key");
        (await Run.Async("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Join(directory, "client"))).Ok("ssh-keygen client key");
        File.Copy(Path.Join(directory, "client.pub"), Path.Join(directory, "authorized_keys"));
        var fingerprint = (await Run.Async("ssh-keygen", "-l", "-f", Path.Join(directory, "host_ed25519.pub"))).Ok("ssh-keygen -l").Output.Split(' ')[1];
        var hash = (await Run.Async("openssl", "passwd", "-6", Password)).Ok("openssl passwd").Output.Trim();
        var passwd = File.ReadAllLines("/etc/passwd").Where(l => !l.StartsWith("root:", StringComparison.Ordinal) && !l.StartsWith("pi:", StringComparison.Ordinal))
            .Prepend($"root:x:0:0:root:{home}:/bin/sh").Append($"pi:x:1000:1000:pi:{home}:/bin/sh");
        var shadow = File.ReadAllLines("/etc/shadow").Where(l => !l.StartsWith("root:", StringComparison.Ordinal) && !l.StartsWith("pi:", StringComparison.Ordinal))
            .Prepend("root:*:19000:0:99999:7:::").Append($"pi:{hash}:19000:0:99999:7:::");
        File.WriteAllLines(Path.Join(directory, "passwd"), passwd);
        File.WriteAllLines(Path.Join(directory, "shadow"), shadow);
        File.SetUnixFileMode(Path.Join(directory, "shadow"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var port = LoopbackPort.Free();
        File.WriteAllText(Path.Join(directory, "sshd_config"), $"""
            Port {port}
            ListenAddress 127.0.0.1
            HostKey {directory}/host_ed25519
            PidFile none
            PermitRootLogin yes
            AuthorizedKeysFile {directory}/authorized_keys
            StrictModes no
            PasswordAuthentication yes
            KbdInteractiveAuthentication no
            UsePAM no
            Subsystem sftp internal-sftp
            LogLevel DEBUG1

            """);
        var process = TestProcess.Start("unshare", ["-m", "--propagation", "private", "sh", "-c",
            $"mount -t tmpfs tmpfs /run && mkdir -m 0755 /run/sshd && mount --bind {directory}/passwd /etc/passwd && " +
            $"mount --bind {directory}/shadow /etc/shadow && exec /usr/sbin/sshd -D -e -f {directory}/sshd_config"]);
        try
        {
            await process.WaitForLineAsync($"Server listening on 127.0.0.1 port {port}", TimeSpan.FromSeconds(20));
        }
        catch
        {
            process.Dispose();
            throw;
        }
        return new Sshd(process, home, port, fingerprint, File.ReadAllText(Path.Join(directory, "client")));
    }

    public void Dispose() => _process.Dispose();
}
