namespace PiController.Testing.Hosts;

/// <summary>
/// Whole test hosts for provisioning tests (TESTING.md, "systemd-nspawn containers"): N hosts booted in parallel from
/// the cached <see cref="BaseRoot"/>, each in its own namespace on one bridge, and a namespace on the same bridge for
/// the hub (a process of the test started with <see cref="StartInHub"/>). Names carry a random prefix so labs never
/// collide; disposing ends the lab's own processes by id and removes every mount, namespace and cgroup it made.
/// </summary>
public sealed class HostLab : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly List<TestProcess> _processes = [];
    private readonly List<int> _processIds = [];
    private readonly List<TestHost> _hosts = [];

    private HostLab(TempDirectory directory, HostNetwork network, HostCredentials credentials) =>
        (_directory, Network, Credentials) = (directory, network, credentials);

    public HostNetwork Network { get; }

    public HostCredentials Credentials { get; }

    public IReadOnlyList<TestHost> Hosts => _hosts;

    /// <summary>The hub's address on the bridge (10.77.SUBNET.1); hosts reach it there, and it reaches them.</summary>
    public string HubAddress => Network.HubAddress;

    /// <summary>Why whole hosts cannot run here, or null when they can (root, and the tools scripts/test installs).</summary>
    public static string? MissingPrerequisite()
    {
        if (!Repo.IsRoot)
        {
            return "needs root (namespaces, overlay mounts, systemd-nspawn)";
        }
        foreach (var tool in new[] { "systemd-nspawn", "debootstrap", "ip", "nsenter", "ssh", "ssh-keygen", "chpasswd", "chroot", "mount" })
        {
            if (Repo.Tool(tool) is null)
            {
                return $"{tool} is not installed (scripts/test installs it: apt-get install systemd-container debootstrap openssh-client iproute2)";
            }
        }
        return null;
    }

    /// <summary>
    /// Builds (or reuses) the base root and boots <paramref name="hosts"/> hosts named NAMEi (i from 1) in parallel,
    /// on 10.77.<paramref name="subnet"/>.0/24; returns when every one of them runs.
    /// </summary>
    public static async Task<HostLab> StartAsync(int hosts, int subnet = 1, string name = "pi")
    {
        var baseRoot = await BaseRoot.GetAsync().ConfigureAwait(false);
        var directory = new TempDirectory("pch-");
        var prefix = "pch" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..2]);
        var lab = new HostLab(directory, HostNetwork.Create(prefix, subnet), await HostCredentials.CreateAsync(directory.Directory("credentials")).ConfigureAwait(false));
        try
        {
            var lines = Enumerable.Range(1, hosts).Select(i => $"{lab.Network.HostAddress(i)}\t{name}{i}").Prepend($"{lab.HubAddress}\thub").ToList();
            // Each host joins the lab as soon as it exists, so that a failure of another one still tears it down.
            await Task.WhenAll(Enumerable.Range(1, hosts).Select(async i =>
            {
                var host = await TestHost.CreateAsync(baseRoot, directory.Directory($"host{i}"), i, $"{name}{i}", $"{prefix}-{i}", lab.Network.AddHost(i),
                    lab.Network.HostAddress(i), lab.Credentials, lab.Network.HubNamespace, lines.Where(l => !l.EndsWith($"\t{name}{i}", StringComparison.Ordinal))).ConfigureAwait(false);
                lock (lab._hosts)
                {
                    lab._hosts.Add(host);
                }
            })).ConfigureAwait(false);
            lab._hosts.Sort((a, b) => a.Number.CompareTo(b.Number));
            var created = lab._hosts;
            foreach (var host in created)
            {
                host.Start();
            }
            await Task.WhenAll(created.Select(h => h.WaitForRunningAsync())).ConfigureAwait(false);
        }
        catch
        {
            await lab.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return lab;
    }

    /// <summary>Starts a program of the test (the hub, its CLI) in the hub's namespace; it ends with the lab.</summary>
    public TestProcess StartInHub(string program, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var process = TestProcess.Start("ip", ["netns", "exec", Network.HubNamespace, program, .. arguments], environment);
        _processes.Add(process);
        _processIds.Add(process.Id);
        return process;
    }

    /// <summary>Runs a program in the hub's namespace to its end (bounded).</summary>
    public Task<Run.Result> RunInHubAsync(string program, IEnumerable<string> arguments, string? input = null, TimeSpan? timeout = null,
        IDictionary<string, string>? environment = null) =>
        Run.Async("ip", ["netns", "exec", Network.HubNamespace, program, .. arguments], environment: environment, timeout: timeout, input: input);

    /// <summary>What the lab left behind: mounts under its folder, namespaces, processes of its hosts, cgroups (empty after dispose).</summary>
    public IReadOnlyList<string> Leftovers()
    {
        var left = new List<string>();
        if (TestHost.IsMounted(_directory.Path))
        {
            left.Add("mounts under " + _directory.Path);
        }
        left.AddRange(Network.Remaining().Select(n => "network namespace " + n));
        left.AddRange(_hosts.SelectMany(h => h.Processes.Select(p => $"process {p} of {h.Name}")));
        left.AddRange(_processIds.Where(id => Directory.Exists($"/proc/{id}")).Select(id => $"process {id} in the hub's namespace"));
        left.AddRange(_hosts.SelectMany(h => h.CgroupPaths.Where(Directory.Exists).Select(c => "cgroup " + c)));
        left.AddRange(_hosts.Select(h => Path.Join("/run/systemd/nspawn/propagate", h.Machine)).Where(Directory.Exists));
        return left;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                try
                {
                    await process.TerminateAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Killed below.
                }
            }
            process.Dispose();
        }
        await Task.WhenAll(_hosts.Select(h => h.StopAsync())).ConfigureAwait(false);
        Network.Dispose();
        if (!TestHost.IsMounted(_directory.Path))
        {
            _directory.Dispose();
        }
    }
}
