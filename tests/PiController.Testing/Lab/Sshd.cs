namespace PiController.Testing.Lab;

/// <summary>Debian's sshd on port 22 of one lab host, with its own host key and /run (TESTING.md).</summary>
public static class Sshd
{
    public static async Task<TestProcess> StartAsync(NetworkLab lab, int host)
    {
        var directory = TempDirectory.Kept("pi-net", "sshd");
        using (var keygen = TestProcess.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", Path.Join(directory, "host_ed25519")]))
        {
            await keygen.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        await File.WriteAllTextAsync(Path.Join(directory, "sshd_config"), $"""
            Port 22
            ListenAddress {NetworkLab.Address(host)}
            HostKey {directory}/host_ed25519
            PidFile none
            PermitRootLogin prohibit-password
            AuthorizedKeysFile {directory}/authorized_keys
            StrictModes no
            PasswordAuthentication no
            UsePAM no
            """);
        var sshd = lab.Start(host, "unshare", ["-m", "--propagation", "private", "sh", "-c",
            $"mount -t tmpfs tmpfs /run && mkdir -m 0755 /run/sshd && exec /usr/sbin/sshd -D -e -f {directory}/sshd_config"]);
        await sshd.WaitForLineAsync("Server listening on", TimeSpan.FromSeconds(30));
        return sshd;
    }
}
