using PiController.Hub.Nodes;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Preflight;
using PiController.Hub.Provisioning.Transport;
using PiController.Protocol.Hardware;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// What a plan needs to know of a node to build its steps: hostname, architecture (uname -m), board memory, labels
/// from its hardware report, and its address. From the node's live facts (<see cref="PreflightFacts"/>) when they
/// were gathered, else from what the hub stored of its agent (hello and hardware report); null where neither says.
/// </summary>
internal sealed record NodeFacts(NodeTarget Target, string? Hostname, string? Machine, uint? MemoryMegabytes,
    IReadOnlyDictionary<string, string> Labels, string? Address, bool PreferBundledBin)
{
    public string? K3sArch => PreflightRules.K3sArchitecture(Machine);

    /// <summary>The facts the hub holds without reaching the node (enrolled nodes only).</summary>
    public static NodeFacts Stored(NodeTarget target, NodeStore nodes)
    {
        if (target.Kind != NodeTransportKind.Agent || nodes.Get(target.Name) is not { } node)
        {
            return new NodeFacts(target, null, null, null, new Dictionary<string, string>(), null, false);
        }
        var hardware = nodes.Hardware(target.Name);
        var memory = hardware?.Board is { HasMemoryMegabytes: true } board ? board.MemoryMegabytes : (uint?)null;
        return new NodeFacts(target, Empty(node.Hostname), Empty(node.Architecture), memory,
            hardware is null ? new Dictionary<string, string>() : HardwareLabels.From(hardware), Empty(node.RemoteAddress), false);
    }

    /// <summary>These facts completed by what the node's live system says.</summary>
    public NodeFacts With(PreflightFacts live, string? transportAddress)
    {
        var board = live.RevisionCode is { } code ? new RevisionCode(code).MemoryMegabytes : null;
        var memory = board ?? ProcTexts.MemTotalMegabytes(live.MemInfo) ?? MemoryMegabytes;
        return this with
        {
            Hostname = Empty(live.Hostname?.Trim()) ?? Hostname,
            Machine = Empty(live.Architecture?.Trim()) ?? Machine,
            MemoryMegabytes = memory,
            Address = Empty(transportAddress) ?? Address,
            PreferBundledBin = IptablesVersion.Parse(live.IptablesVersion) is { DuplicatesRules: true },
        };
    }

    private static string? Empty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
