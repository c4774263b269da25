using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using PiController.Testing.Hosts;

namespace PiController.Benchmarks;

/// <summary>
/// A cluster plan on whole hosts (issue #14): 1 server + N agents, systemd-nspawn hosts with the agent from its .deb
/// and the stand-in k3s imported into the hub (pi-controller serve in the lab's hub namespace) as the K3s binary.
/// The plan's wall time is split into what the nodes took and what is left to the hub: the nodes were busy while
/// one of their install steps ran (the hub's started/ended of the step: the agent's work plus one link round trip)
/// and from the start of their K3s unit until it was active (and, on a server, had written its kubeconfig), as
/// systemd and the file's time on the host say. Everything else (planning, SQLite, sealing, events, preflight fact
/// round trips, the Ready poll's latency) is counted as the hub's: an upper bound of its overhead.
/// </summary>
internal static class HostsProvisioningBench
{
    private const string Version = "v1.33.4+k3s1";

    public static string? MissingPrerequisite() =>
        HostLab.MissingPrerequisite() ?? AgentPackage.MissingPrerequisite()
        ?? (File.Exists(Repo.K3sStandInPublished) ? null : $"{Repo.K3sStandInPublished} is missing (dotnet publish tests/PiController.K3sStandIn -c Release -r linux-x64 -o artifacts/k3s-standin/linux-x64)")
        ?? (File.Exists(Repo.HubDll) ? null : $"{Repo.HubDll} is missing (dotnet build hub -c Release)");

    public static async Task RunAsync(int agents, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        using var directory = new TempDirectory("pi-bench-"); // removed after the lab (and the hub in it) ended
        await using var lab = await HostLab.StartAsync(1 + agents, subnet: 41, name: "bench");
        var data = directory.Directory("hub");
        var hub = lab.StartInHub("dotnet", [Repo.HubDll, "serve", "--data-dir", data, "--address", lab.HubAddress, "--port", "8443", "--mdns", "off"]);
        await hub.WaitForLineAsync("listening on", TimeSpan.FromSeconds(90));
        var url = $"https://{lab.HubAddress}:8443";
        Task<Run.Result> Cli(params string[] arguments) =>
            lab.RunInHubAsync("dotnet", [Repo.HubDll, .. arguments, "--data-dir", data, "--hub", url], timeout: TimeSpan.FromMinutes(5));
        var joinToken = (await File.ReadAllTextAsync(Path.Join(data, "join.token"))).Trim();
        await Task.WhenAll(lab.Hosts.Select(h => AgentPackage.InstallAsync(h, url, joinToken)));
        var nodeIds = await NodeIdsAsync(Cli, lab.Hosts.Count);
        await ImportStandInAsync(Cli, directory.Directory("k3s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{lab.Hosts.Count} hosts booted, agents installed and connected, stand-in imported in {clock.Elapsed.TotalSeconds:0} s"));
        await Task.Delay(TimeSpan.FromSeconds(10)); // idle: the agents' start is over
        var idle = lab.Hosts.Select(h => h.MemoryMib).ToList();

        TestHost[] hosts = [.. lab.Hosts];
        var started = Stopwatch.GetTimestamp();
        (await Cli(["cluster", "create", "bench", "--server", nodeIds[hosts[0].Name], .. hosts[1..].SelectMany(h => new[] { "--agent", nodeIds[h.Name] }),
            "--version", Version, "--yes"])).Ok("pi-controller cluster create");
        var cliWall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        using var cluster = JsonDocument.Parse((await Cli("cluster", "get", "bench", "-o", "json")).Ok("pi-controller cluster get").Output);
        var root = cluster.RootElement;
        if (root.GetProperty("state").GetString() != "ready")
        {
            throw new InvalidOperationException("the benchmark's cluster did not become ready: " + root);
        }

        var steps = root.GetProperty("steps").EnumerateArray().Select(s => (
            Node: s.GetProperty("node").GetString()!, Phase: s.GetProperty("phase").GetString()!,
            Started: s.GetProperty("startedAt").GetDateTimeOffset(), Ended: s.GetProperty("endedAt").GetDateTimeOffset())).ToList();
        var planStart = root.GetProperty("createdAt").GetDateTimeOffset();
        var planEnd = steps.Max(s => s.Ended);
        var busy = steps.Where(s => s.Phase == "install").Select(s => (s.Started, s.Ended)).ToList();
        foreach (var (host, index) in hosts.Select((h, i) => (h, i)))
        {
            var node = nodeIds[host.Name];
            var lastInstall = steps.Where(s => s.Node == node && s.Phase == "install").Max(s => s.Ended);
            var up = await UpAtAsync(host, index == 0);
            busy.Add((lastInstall, up)); // counts only when K3s became active after its last step returned
        }
        var wall = (planEnd - planStart).TotalMilliseconds;
        var nodeSide = Union(busy);
        var nodeSum = busy.Sum(b => Math.Max(0, (b.Ended - b.Started).TotalMilliseconds));
        var hubShare = wall - nodeSide;
        var beforeInstall = (steps.Where(s => s.Phase == "install").Min(s => s.Started) - planStart).TotalMilliseconds;
        var up2 = lab.Hosts.Select(h => h.MemoryMib).ToList();
        var n = hosts.Length;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"1 server + {agents} agents on hosts: plan wall {wall / 1000:0.00} s (cluster stored -> last node Ready; the CLI's create --yes took {cliWall / 1000:0.00} s), " +
            $"nodes busy (union of their steps) {nodeSide / 1000:0.00} s, sum over nodes {nodeSum / 1000:0.00} s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hub overhead: {hubShare / 1000:0.00} s for the plan, {hubShare / n:0} ms per node (target: under 2,000 ms per node); " +
            $"of it {beforeInstall / 1000:0.00} s before the first install step (every node's facts gathered through its agent, judged)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"host memory (PSS of each host's processes): idle with the agent {idle.Average():0.0} MiB per host (min {idle.Min():0.0}, max {idle.Max():0.0}); " +
            $"with the stand-in k3s running {up2.Average():0.0} MiB per host (max {up2.Max():0.0})"));
    }

    /// <summary>The length of the union of <paramref name="intervals"/>, in ms.</summary>
    private static double Union(List<(DateTimeOffset Started, DateTimeOffset Ended)> intervals)
    {
        var total = 0.0;
        DateTimeOffset? from = null, to = null;
        foreach (var (s, e) in intervals.Where(i => i.Ended > i.Started).OrderBy(i => i.Started))
        {
            if (to is { } t && s <= t)
            {
                to = e > t ? e : t;
                continue;
            }
            if (from is { } f && to is { } end)
            {
                total += (end - f).TotalMilliseconds;
            }
            (from, to) = (s, e);
        }
        return total + (from is { } f2 && to is { } end2 ? (end2 - f2).TotalMilliseconds : 0);
    }

    /// <summary>When the host's K3s unit became active (and a server's kubeconfig was written), by the host's systemd and file times.</summary>
    private static async Task<DateTimeOffset> UpAtAsync(TestHost host, bool server)
    {
        var unit = server ? "k3s" : "k3s-agent";
        var shown = (await host.ExecAsync($"systemctl show -P ActiveEnterTimestampMonotonic {unit}; cat /proc/uptime")).Ok("systemctl show").Output.Split('\n');
        // The container shares the machine's monotonic clock: uptime now minus the unit's monotonic stamp is how long ago it became active.
        var activeMicroseconds = long.Parse(shown[0].Trim(), CultureInfo.InvariantCulture);
        var uptimeSeconds = double.Parse(shown[1].Split(' ')[0], CultureInfo.InvariantCulture);
        var active = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(uptimeSeconds - activeMicroseconds / 1e6);
        if (!server)
        {
            return active;
        }
        var kubeconfig = new DateTimeOffset(File.GetLastWriteTimeUtc(host.File("/etc/rancher/k3s/k3s.yaml")), TimeSpan.Zero);
        return kubeconfig > active ? kubeconfig : active;
    }

    private static async Task<Dictionary<string, string>> NodeIdsAsync(Func<string[], Task<Run.Result>> cli, int count)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        await Eventually.TrueAsync(async () =>
        {
            using var nodes = JsonDocument.Parse((await cli(["nodes", "ls", "-o", "json"])).Ok("pi-controller nodes ls").Output);
            foreach (var node in nodes.RootElement.EnumerateArray().Where(n => n.GetProperty("connected").GetBoolean()))
            {
                ids[node.GetProperty("hostname").GetString()!] = node.GetProperty("nodeId").GetString()!;
            }
            return ids.Count == count;
        }, TimeSpan.FromSeconds(120), "every host's agent connected to the hub");
        return ids;
    }

    /// <summary>`k3s import` of the stand-in as k3s for amd64 with an empty images tarball, checked against a sha256sum file made for them.</summary>
    private static async Task ImportStandInAsync(Func<string[], Task<Run.Result>> cli, string directory)
    {
        var binary = Path.Join(directory, "k3s");
        File.Copy(Repo.K3sStandInPublished, binary);
        var content = Directory.CreateDirectory(Path.Join(directory, "images")).FullName;
        await File.WriteAllTextAsync(Path.Join(content, "manifest.json"), "[]\n");
        var images = Path.Join(directory, "k3s-airgap-images-amd64.tar");
        (await Run.Async("tar", "-cf", images, "-C", content, "manifest.json")).Ok("tar");
        var sums = new List<string>();
        foreach (var file in new[] { binary, images })
        {
            await using var stream = File.OpenRead(file);
            sums.Add($"{Convert.ToHexStringLower(await SHA256.HashDataAsync(stream))}  {Path.GetFileName(file)}");
        }
        await File.WriteAllLinesAsync(Path.Join(directory, "sha256sum-amd64.txt"), sums);
        (await cli(["k3s", "import", "--version", Version, "--arch", "amd64", "--binary", binary, "--images", images,
            "--checksums", Path.Join(directory, "sha256sum-amd64.txt")])).Ok("pi-controller k3s import");
    }
}
