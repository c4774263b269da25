namespace PiController.Testing.Hosts;

/// <summary>
/// The agent as a user installs it on a host: the pi-controller-agent .deb that scripts/build-deb makes from the
/// published NativeAOT agent (built once per test run), installed with dpkg inside the host, agent.conf naming the
/// hub and its join token, then pi-agent.service restarted by the host's own systemd.
/// </summary>
public static class AgentPackage
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _deb;

    /// <summary>Why the package cannot be built here, or null.</summary>
    public static string? MissingPrerequisite() =>
        !File.Exists(Repo.Published("pi-agent", "linux-x64")) ? $"{Repo.Published("pi-agent", "linux-x64")} is missing (dotnet publish agent -c Release -r linux-x64 -o artifacts/agent/linux-x64)"
        : Repo.Tool("dpkg-deb") is null ? "dpkg-deb is not installed"
        : null;

    /// <summary>pi-controller-agent_VERSION_amd64.deb, built by scripts/build-deb --no-publish the first time it is asked for.</summary>
    public static async Task<string> DebAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_deb is null)
            {
                var directory = TempDirectory.Kept("pi-hosts", "deb");
                (await Run.Async(Repo.Script("build-deb"), ["--no-publish", "--package", "agent", "--arch", "amd64", "--out", directory],
                    timeout: TimeSpan.FromMinutes(5)).ConfigureAwait(false)).Ok("scripts/build-deb --package agent --arch amd64");
                _deb = Directory.GetFiles(directory, "pi-controller-agent_*_amd64.deb").Single();
            }
            return _deb;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Installs the package on <paramref name="host"/> with dpkg, writes /etc/pi-controller/agent.conf (0600; the token
    /// goes into the file from outside, never through a command line) and restarts pi-agent, which must then be active.
    /// </summary>
    public static async Task InstallAsync(TestHost host, string hubUrl, string joinToken, params string[] moreSettings)
    {
        var deb = await DebAsync().ConfigureAwait(false);
        host.CopyIn(deb, "/var/tmp/" + Path.GetFileName(deb));
        (await host.ExecAsync($"dpkg -i /var/tmp/{Path.GetFileName(deb)}", timeout: TimeSpan.FromMinutes(2)).ConfigureAwait(false)).Ok($"dpkg -i on {host.Name}");
        var config = host.File("/etc/pi-controller/agent.conf");
        await File.WriteAllTextAsync(config, string.Join('\n', [$"hub = {hubUrl}", $"token = {joinToken}", .. moreSettings]) + "\n").ConfigureAwait(false);
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var restart = await host.ExecAsync("systemctl restart pi-agent && systemctl is-active pi-agent", timeout: TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        if (restart.ExitCode != 0)
        {
            var journal = await host.ExecAsync("journalctl -u pi-agent --no-pager -n 50").ConfigureAwait(false);
            throw new InvalidOperationException($"pi-agent did not start on {host.Name}: {restart.All}\n{journal.All}");
        }
    }
}
