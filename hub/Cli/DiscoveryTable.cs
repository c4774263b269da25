using PiController.Hub.Discovery;
using PiController.Protocol.Text;

namespace PiController.Hub.Cli;

/// <summary>Formats discovered machines for a terminal.</summary>
internal static class DiscoveryTable
{
    public static string Render(IReadOnlyList<DiscoveredMachineView> machines, DateTimeOffset now)
    {
        if (machines.Count == 0)
        {
            return "Nothing discovered yet. Agents announce themselves over mDNS; pi-controller discover scan 192.168.1.0/24 looks for Pis without one.";
        }
        string[] header = ["ID", "ADDRESS", "MAC", "HOSTNAME", "NODE", "MODEL", "PI?", "STATE", "AGENT", "SOURCES", "FIRST SEEN", "LAST SEEN"];
        var rows = machines.Select(m => new[]
        {
            m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Or(m.Address), m.Mac ?? "-", Or(m.Hostname), m.NodeId ?? "-", Or(m.Model), m.Confidence, m.State, m.Agent,
            string.Join(",", m.Sources.Select(s => s.Source)),
            NodeTable.Duration(now - m.FirstSeen) + " ago",
            NodeTable.Duration(now - m.LastSeen) + " ago",
        });
        return TextTable.Render(header, rows);
    }

    public static string Line(DiscoveredMachineView m) => PrintableText.Escape(
        $"#{m.Id} {Or(m.Address)} {m.Mac ?? "-"} {(m.NodeId is { } node ? "node " + node : "")} Pi: {m.Confidence} ({m.Evidence}), {m.State}, via {string.Join(",", m.Sources.Select(s => s.Source))}");

    /// <summary>What changed between two looks that a person watching cares about, or null.</summary>
    public static string? Changed(DiscoveredMachineView before, DiscoveredMachineView after) =>
        before.State != after.State ? $"{before.State} -> {after.State}"
        : before.Address != after.Address ? $"address {before.Address} -> {after.Address}"
        : before.Confidence != after.Confidence ? $"Pi: {before.Confidence} -> {after.Confidence}"
        : before.Agent != after.Agent ? $"agent {before.Agent} -> {after.Agent}"
        : null;

    private static string Or(string value) => value.Length == 0 ? "-" : value;
}
