using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PiController.Testing.Lab;

/// <summary>
/// Discovery figures (issue #6), in network namespaces (needs root): the time from an agent's start to the hub
/// listing it through mDNS, and the time to scan a /24 for SSH at the default concurrency. Also run from
/// tests/PiController.Network.Tests (DiscoveryFigures, opt-in); here so that both share it.
/// </summary>
public static class DiscoveryBench
{
    public static async Task RunAsync(int agents, int scans, TextWriter output)
    {
        using var lab = NetworkLab.Create(3);
        var hub = await LabHub.StartAsync(lab, 1);
        await Sshd.StartAsync(lab, 3);
        output.WriteLine($"machine: {Environment.ProcessorCount} cores; hub {Repo.HubDll}; agent {Repo.AgentBinary}");

        // Agent start -> hub lists it. Each run is a new node id, so each is a new machine for the hub.
        var listed = new List<double>();
        var announced = new List<double>();
        for (var i = 0; i < agents; i++)
        {
            var serial = $"bench-{Guid.NewGuid():N}"[..14];
            var started = Stopwatch.GetTimestamp();
            var agent = LabAgent.Start(lab, 2, serial, hub.JoinToken, hub.Url);
            var (_, seen) = await hub.Process.WaitForTimedLineAsync($"node {serial}", TimeSpan.FromSeconds(30));
            var (_, announce) = await agent.WaitForTimedLineAsync("mDNS: announced", TimeSpan.FromSeconds(30));
            listed.Add(Stopwatch.GetElapsedTime(started, seen).TotalMilliseconds);
            announced.Add(Stopwatch.GetElapsedTime(started, announce).TotalMilliseconds);
            await agent.TerminateAsync();
        }
        output.WriteLine($"agent start -> listed in the hub through mDNS: {Describe(listed)} (target <= 1000 ms)");
        output.WriteLine($"  of which agent start -> first announcement (after probing, RFC 6762 §8.1): {Describe(announced)}");

        // A /24 with one sshd host, one that is up without sshd, and 251 addresses nobody has.
        var seconds = new List<double>();
        for (var i = 0; i < scans; i++)
        {
            var result = JsonSerializer.Deserialize<JsonElement>(await hub.CliAsync("discover", "scan", "10.77.0.0/24", "--json"));
            seconds.Add(result.GetProperty("seconds").GetDouble() * 1000);
            if (result.GetProperty("found").GetArrayLength() != 1)
            {
                throw new InvalidOperationException("the scan did not find exactly the sshd host: " + result);
            }
        }
        output.WriteLine($"scan of a /24 (254 addresses, 1 sshd) at the default concurrency (128, 1 s timeout): {Describe(seconds)} (target <= 5000 ms)");
    }

    private static string Describe(List<double> ms)
    {
        var sorted = ms.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"n={sorted.Length} min={sorted[0]:0} ms median={At(50):0} ms p90={At(90):0} ms max={sorted[^1]:0} ms");
    }
}
