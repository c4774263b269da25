using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Ssh;
using PiController.Testing.Hosts;

namespace PiController.Hub.Tests.Provisioning.Ssh;

/// <summary>
/// Steps over SSH on a whole host with real systemd, sshd and sudo (a systemd-nspawn container, <see cref="HostLab"/>):
/// the user pi becomes root with <c>sudo -S</c>, the password on stdin. The unit is a stand-in named k3s (it runs
/// <c>sleep</c>), enough for systemd to load, enable and start it.
/// </summary>
public sealed class SshOnHostsTests : IAsyncLifetime
{
    private static readonly IReadOnlySet<string> NothingChanged = new HashSet<string>();
    private readonly TempDirectory _directory = new("pic-ssh-hosts-");
    private HostLab _lab = null!;
    private NamespaceRelay _relay = null!;
    private SshLab _ssh = null!;

    public async Task InitializeAsync()
    {
        if (HostLab.MissingPrerequisite() is not null)
        {
            return;
        }
        _lab = await HostLab.StartAsync(1, name: "sshpi");
        _relay = NamespaceRelay.Start(_lab.Network.HubNamespace, _lab.Hosts[0].Address, 22);
        _ssh = new SshLab(_directory);
    }

    public async Task DisposeAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
        _ssh?.Dispose();
        _directory.Dispose();
    }

    [SshHostsFact]
    public async Task Steps_run_as_root_through_sudo_S_with_the_password_on_stdin_and_systemd_enables_the_unit()
    {
        var host = _lab.Hosts[0];
        var key = await File.ReadAllTextAsync(_lab.Credentials.PrivateKey);
        _ssh.Targets.Add(new SshTargetCreateRequest("sshpi1", "127.0.0.1", _relay.Port, "pi", key, null, _lab.Credentials.Password, null));
        _ssh.Targets.Add(new SshTargetCreateRequest("wrong-sudo", "127.0.0.1", _relay.Port, "pi", key, null, "not-the-sudo-password", null));
        var unit = new WriteFile("/etc/systemd/system/k3s.service",
            FileContent.Plain("[Unit]\nDescription=a stand-in k3s unit of the SSH tests\n\n[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=multi-user.target\n"),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, FileKind.Unit);
        var env = new WriteFile("/etc/systemd/system/k3s.service.env",
            new FileContent.Builder().Append("K3S_TOKEN=").AppendSecret("K10abc::server:sekret-over-stdin", "K10…::server:********").Append("\n").Build(),
            UnixFileMode.UserRead | UnixFileMode.UserWrite, FileKind.Environment);

        await using (var node = await _ssh.OpenAsync("sshpi1"))
        {
            var results = new List<Hub.Provisioning.Transport.StepResult>();
            foreach (var step in new InstallStep[] { unit, env, new DaemonReload(), new EnableNow("k3s"), new EnableNow("k3s") })
            {
                results.Add(await node.RunAsync(step, NothingChanged, CancellationToken.None));
            }
            var facts = await node.GatherFactsAsync([], CancellationToken.None);

            Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
            Assert.Equal([true, true, true, true, false], results.Select(r => r.Changed));
            Assert.Equal("active", await node.ServiceStateAsync("k3s", CancellationToken.None));
            Assert.Equal("sshpi1", facts.Hostname);
            Assert.True(facts.K3sRunning);
        }
        await using (var wrong = await _ssh.OpenAsync("wrong-sudo"))
        {
            var refused = await wrong.RunAsync(new DaemonReload(), NothingChanged, CancellationToken.None);

            Assert.Equal((false, 1), (refused.Succeeded, refused.ExitCode));
            Assert.Contains("incorrect password", refused.Error, StringComparison.Ordinal);
        }

        var onHost = (await host.ExecAsync("stat -c '%a %U' /etc/systemd/system/k3s.service.env; cat /etc/systemd/system/k3s.service.env; systemctl is-enabled k3s"))
            .Ok("inspect the host").Output;
        Assert.Equal("600 root\nK3S_TOKEN=K10abc::server:sekret-over-stdin\nenabled\n", onHost);
        var journal = (await host.ExecAsync("journalctl --no-pager -o cat")).Ok("journalctl").Output;
        Assert.Contains("sudo", journal, StringComparison.Ordinal);
        Assert.DoesNotContain(_lab.Credentials.Password, journal, StringComparison.Ordinal);
        Assert.DoesNotContain("sekret-over-stdin", journal, StringComparison.Ordinal);
    }
}

/// <summary>A test on a whole test host; skipped, naming what is missing, where hosts cannot run.</summary>
internal sealed class SshHostsFactAttribute : FactAttribute
{
    public SshHostsFactAttribute() => Skip = HostLab.MissingPrerequisite();
}
