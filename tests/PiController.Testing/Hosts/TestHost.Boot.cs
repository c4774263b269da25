using System.Diagnostics;

namespace PiController.Testing.Hosts;

public sealed partial class TestHost
{
    /// <summary>
    /// Mounts the host's overlay over <paramref name="baseRoot"/> and writes what makes it this host; does not boot it.
    /// <paramref name="hostsLines"/> are the /etc/hosts lines of its peers.
    /// </summary>
    internal static async Task<TestHost> CreateAsync(string baseRoot, string directory, int number, string name, string machine,
        string networkNamespace, string address, HostCredentials credentials, string hubNamespace, IEnumerable<string> hostsLines)
    {
        var host = new TestHost(number, name, machine, networkNamespace, address, directory, credentials, hubNamespace);
        try
        {
            var upper = System.IO.Directory.CreateDirectory(Path.Join(directory, "upper")).FullName;
            var work = System.IO.Directory.CreateDirectory(Path.Join(directory, "work")).FullName;
            System.IO.Directory.CreateDirectory(host.Root);
            (await Run.Async("mount", "-t", "overlay", "overlay", "-o", $"lowerdir={baseRoot},upperdir={upper},workdir={work}", host.Root).ConfigureAwait(false)).Ok("mount overlay");
            await System.IO.File.WriteAllTextAsync(host.File("/etc/hostname"), name + "\n").ConfigureAwait(false);
            await System.IO.File.WriteAllTextAsync(host.File("/etc/hosts"),
                $"127.0.0.1\tlocalhost\n127.0.1.1\t{name}\n::1\t\tlocalhost ip6-localhost ip6-loopback\n{string.Join('\n', hostsLines)}\n").ConfigureAwait(false);
            await System.IO.File.WriteAllTextAsync(host.File("/etc/machine-id"), Guid.NewGuid().ToString("N") + "\n").ConfigureAwait(false);
            await KernelModules.WriteAsync(host).ConfigureAwait(false);
            (await Run.Async("ssh-keygen", "-A", "-f", host.Root).ConfigureAwait(false)).Ok("ssh-keygen -A");
            await credentials.PinAsync(address, await System.IO.File.ReadAllTextAsync(host.File("/etc/ssh/ssh_host_ed25519_key.pub")).ConfigureAwait(false)).ConfigureAwait(false);
            (await Run.Async("chpasswd", ["-R", host.Root], input: $"{HostCredentials.User}:{credentials.Password}\n").ConfigureAwait(false)).Ok("chpasswd");
            var ssh = System.IO.Directory.CreateDirectory(host.File("/home/pi/.ssh")).FullName;
            await System.IO.File.WriteAllTextAsync(Path.Join(ssh, "authorized_keys"), credentials.PublicKey + "\n").ConfigureAwait(false);
            (await Run.Async("chroot", host.Root, "sh", "-c", "chown -R pi:pi /home/pi/.ssh && chmod 700 /home/pi/.ssh && chmod 600 /home/pi/.ssh/authorized_keys").ConfigureAwait(false)).Ok("chown ~pi/.ssh");
        }
        catch
        {
            await host.StopAsync().ConfigureAwait(false);
            throw;
        }
        return host;
    }

    /// <summary>The path, seen from outside, of <paramref name="path"/> inside the host (not under its /tmp or /run, which are its own tmpfs).</summary>
    public string File(string path) => Path.Join(Root, path.TrimStart('/'));

    /// <summary>Boots the host (and again after every reboot inside it, until stopped).</summary>
    internal void Start()
    {
        var first = StartNspawn();
        _loop = Task.Run(() => KeepBootingAsync(first));
    }

    private TestProcess StartNspawn()
    {
        var nspawn = TestProcess.Start("sh", ["-c", "for c in $CGROUPS; do echo $$ > \"$c/cgroup.procs\" || exit 1; done; exec systemd-nspawn \"$@\"", "sh",
            "-D", Root, "--boot", $"--machine={Machine}", "--register=no", "--keep-unit", $"--network-namespace-path=/run/netns/{Namespace}",
            // The network namespace is the host's own, so root in it may change it, as on a Pi (iptables, links):
            // nspawn grants CAP_NET_ADMIN only with --private-network, not with a namespace given by path.
            "--capability=CAP_NET_ADMIN", "--console=passive"],
            new Dictionary<string, string> { ["CGROUPS"] = string.Join(' ', _cgroup.Paths) });
        lock (_gate)
        {
            if (_nspawn is not null)
            {
                _console.Add(_nspawn.Output);
                _nspawn.Dispose();
            }
            _nspawn = nspawn;
            _bootClock = Stopwatch.StartNew();
        }
        return nspawn;
    }

    private async Task KeepBootingAsync(TestProcess nspawn)
    {
        // 133 is systemd-nspawn's exit code for a reboot inside the container.
        while (await nspawn.WaitForExitAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false) == 133 && !_stopping)
        {
            nspawn = StartNspawn();
        }
    }

    /// <summary>
    /// Waits (bounded) until systemd in the host reports "running" and returns the time since this boot's start. A
    /// host that ends "degraded" fails with its failed units; one whose nspawn exited fails with its console.
    /// </summary>
    public async Task<TimeSpan> WaitForRunningAsync(TimeSpan? timeout = null)
    {
        var limit = Stopwatch.StartNew();
        var state = "";
        while (limit.Elapsed < (timeout ?? TimeSpan.FromSeconds(120)))
        {
            var nspawn = _nspawn!;
            if (nspawn.HasExited && nspawn.ExitCode != 133)
            {
                throw new InvalidOperationException($"{Name}: systemd-nspawn exited with {nspawn.ExitCode}:\n{Console}");
            }
            if (Leader(nspawn) is not null)
            {
                var result = await ExecAsync("systemctl is-system-running").ConfigureAwait(false);
                state = result.Output.Trim();
                if (state == "running")
                {
                    lock (_gate)
                    {
                        var elapsed = _bootClock.Elapsed;
                        if (_bootTimes.Count < BootNumber(nspawn))
                        {
                            _bootTimes.Add(elapsed);
                        }
                        return _bootTimes[^1];
                    }
                }
                if (state == "degraded")
                {
                    throw new InvalidOperationException($"{Name} booted degraded; failed units:\n{(await ExecAsync("systemctl --failed --no-legend --no-pager").ConfigureAwait(false)).All}");
                }
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
        throw new TimeoutException($"{Name} was not running within {timeout} (last state \"{state}\"):\n{Console}");
    }

    private int BootNumber(TestProcess nspawn)
    {
        lock (_gate)
        {
            return _console.Count + (ReferenceEquals(nspawn, _nspawn) ? 1 : 0);
        }
    }

    /// <summary>Reboots the host from inside (systemctl reboot) and waits until it runs again; returns that boot's time.</summary>
    public async Task<TimeSpan> RebootAsync(TimeSpan? timeout = null)
    {
        var before = _nspawn!;
        // The command's own process dies with the container: its exit code says nothing.
        _ = await ExecAsync("systemctl reboot").ConfigureAwait(false);
        await before.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        var limit = Stopwatch.StartNew();
        while (ReferenceEquals(_nspawn, before))
        {
            if (limit.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"{Name}: systemd-nspawn exited with {before.ExitCode} instead of 133 (reboot):\n{Console}");
            }
            await Task.Delay(20).ConfigureAwait(false);
        }
        return await WaitForRunningAsync(timeout).ConfigureAwait(false);
    }
}
