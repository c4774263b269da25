using System.Text;
using PiController.Testing.Hosts;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// Looks for a cluster's secrets everywhere they must not be: the hub's log, its events, every file of its data
/// directory (the database keeps them sealed), each host's journal (agent, systemd-run steps, k3s) and the command
/// lines seen during the run. The secrets come from where they belong: the 0600 env file of a K3s unit on a host.
/// </summary>
internal static class SecretSearch
{
    /// <summary>The secret parts (after "::user:") of K3S_TOKEN and K3S_AGENT_TOKEN in a host's env file.</summary>
    public static IReadOnlyList<string> TokensIn(TestHost host, string envFile) =>
        File.ReadAllLines(host.File(envFile))
            .Where(l => l.StartsWith("K3S_TOKEN=", StringComparison.Ordinal) || l.StartsWith("K3S_AGENT_TOKEN=", StringComparison.Ordinal))
            .Select(l => l[(l.LastIndexOf(':') + 1)..])
            .Where(s => s.Length >= 16)
            .ToList();

    /// <summary>Where any of <paramref name="secrets"/> was found; empty when nowhere.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(ProvisioningFixture fixture, CommandLineSampler commandLines, IReadOnlyList<string> secrets)
    {
        var places = new List<(string Where, string Text)>
        {
            ("the hub's log", fixture.Hub.Process.Output),
            ("the hub's events", await fixture.Hub.CliAsync("events", "--since", "0", "--limit", "1000")),
        };
        foreach (var file in Directory.EnumerateFiles(fixture.Hub.DataDirectory, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length < 64 << 20))
        {
            places.Add(($"the hub's {Path.GetRelativePath(fixture.Hub.DataDirectory, file)}", Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file))));
        }
        foreach (var host in fixture.Lab.Hosts)
        {
            places.Add(($"{host.Name}'s journal", (await host.ExecAsync("journalctl --no-pager -o cat")).Output));
        }
        var found = places.SelectMany(p => secrets.Where(s => p.Text.Contains(s, StringComparison.Ordinal)).Select(_ => p.Where)).ToList();
        found.AddRange(secrets.SelectMany(commandLines.Containing).Select(l => "the command line " + l));
        return found.Distinct().ToList();
    }
}
