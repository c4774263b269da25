using System.Globalization;
using PiController.Hub.Cli.Output;
using PiController.Hub.Discovery;
using PiController.Protocol.Text;

namespace PiController.Hub.Cli;

/// <summary>Formats discovered machines for a terminal.</summary>
internal static class DiscoveryTable
{
    public const string Empty = "Nothing discovered yet. Agents announce themselves over mDNS; pi-controller discover scan 192.168.1.0/24 looks for Pis without one.";

    /// <summary>Discovered machines: -o wide adds the MAC, model, agent, sources and first sighting.</summary>
    public static ObjectPrinter<DiscoveredMachineView> Printer(DateTimeOffset now) => new("machine", m => m.Id.ToString(CultureInfo.InvariantCulture),
        DiscoveryJsonContext.Default.DiscoveredMachineView,
    [
        new("ID", m => m.Id.ToString(CultureInfo.InvariantCulture)),
        new("ADDRESS", m => Or(m.Address)),
        new("MAC", m => m.Mac ?? "-", Wide: true),
        new("HOSTNAME", m => Or(m.Hostname)),
        new("NODE", m => m.NodeId ?? "-"),
        new("MODEL", m => Or(m.Model), Wide: true),
        new("PI?", m => m.Confidence),
        new("STATE", m => m.State),
        new("AGENT", m => m.Agent, Wide: true),
        new("SOURCES", m => string.Join(",", m.Sources.Select(s => s.Source)), Wide: true),
        new("FIRST SEEN", m => NodeTable.Duration(now - m.FirstSeen) + " ago", Wide: true),
        new("LAST SEEN", m => NodeTable.Duration(now - m.LastSeen) + " ago"),
    ]);

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
