using System.Diagnostics;

namespace PiController.Testing.Hosts;

/// <summary>
/// One whole test host (TESTING.md): the base root under an overlay of its own, booted by systemd-nspawn with real
/// systemd as PID 1 in its own network namespace and cgroup. Its own hostname, machine-id and ssh host keys; the
/// user "pi" with the lab's password and key. A reboot inside (nspawn exits 133) boots it again, as
/// systemd-nspawn@.service would. Stopping it halts systemd, unmounts the overlay and removes its cgroup.
/// </summary>
public sealed partial class TestHost : IAsyncDisposable
{
    private readonly HostCgroup _cgroup;
    private readonly List<TimeSpan> _bootTimes = [];
    private readonly Lock _gate = new();
    private TestProcess? _nspawn;
    private Stopwatch _bootClock = new();
    private Task _loop = Task.CompletedTask;
    private volatile bool _stopping;
    private readonly List<string> _console = [];

    private TestHost(int number, string name, string machine, string networkNamespace, string address, string directory, HostCredentials credentials, string hubNamespace)
    {
        (Number, Name, Machine, Namespace, Address, Directory, Credentials, _hubNamespace) = (number, name, machine, networkNamespace, address, directory, credentials, hubNamespace);
        _cgroup = HostCgroup.Create(machine);
    }

    public int Number { get; }

    /// <summary>The host name (in /etc/hostname and /etc/hosts).</summary>
    public string Name { get; }

    /// <summary>The name systemd-nspawn knows the container by (unique on this machine).</summary>
    public string Machine { get; }

    /// <summary>The network namespace the host lives in (/run/netns/NAME).</summary>
    public string Namespace { get; }

    public string Address { get; }

    /// <summary>Where the host's files are, seen from outside: the merged overlay is <see cref="Root"/>.</summary>
    public string Directory { get; }

    public string Root => Path.Join(Directory, "merged");

    public HostCredentials Credentials { get; }

    /// <summary>How many times the host has booted (1 after the first boot; one more per reboot).</summary>
    public int Boots { get { lock (_gate) { return _bootTimes.Count; } } }

    /// <summary>From each systemd-nspawn start to systemd's "running", one per boot.</summary>
    public IReadOnlyList<TimeSpan> BootTimes { get { lock (_gate) { return [.. _bootTimes]; } } }

    /// <summary>The proportional set size of all the host's processes now, in MiB.</summary>
    public double MemoryMib => _cgroup.PssKib() / 1024.0;

    /// <summary>The processes of the host still alive (none after it was stopped).</summary>
    public IReadOnlyList<int> Processes => _cgroup.Processes();

    /// <summary>The host's cgroup directories (gone after it was stopped).</summary>
    public IReadOnlyList<string> CgroupPaths => _cgroup.Paths;

    /// <summary>What systemd-nspawn and the container's console printed, all boots.</summary>
    public string Console
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _console.Append(_nspawn?.Output ?? ""));
            }
        }
    }

    private readonly string _hubNamespace;

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
