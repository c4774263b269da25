using PiController.Hub.Api;
using PiController.Protocol.Link;

namespace PiController.Hub.Nodes;

/// <summary>A node's labels: those people set, and those the hub derives from what the agent reported.</summary>
internal sealed record NodeLabelsView(string NodeId, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Derived);

/// <summary>
/// Labels of nodes, and which nodes a selector matches. Derived labels (under pi-controller.io/ and
/// hardware.pi-controller.io/) come from the node's Hello and hardware report: hostname, architecture, board
/// model ("4B"), simulated or native, and whether GPIO and I2C are present. A value that was not reported gives
/// no label, never a guessed one.
/// </summary>
internal sealed class NodeLabels(NodeStore nodes, NodeLabelStore store)
{
    public const string Hostname = "pi-controller.io/hostname";
    public const string Model = "hardware.pi-controller.io/model";
    public const string Arch = "hardware.pi-controller.io/arch";
    public const string Board = "hardware.pi-controller.io/board";
    public const string Gpio = "hardware.pi-controller.io/gpio";
    public const string I2c = "hardware.pi-controller.io/i2c";

    public NodeLabelsView? Get(string nodeId) =>
        nodes.Get(nodeId) is { } node ? new NodeLabelsView(nodeId, store.For(nodeId), Derive(node, nodes.Hardware(nodeId))) : null;

    /// <summary>The node's labels; refused (not found) for a node the hub does not know.</summary>
    public NodeLabelsView Require(string nodeId) =>
        Get(nodeId) ?? throw new HubException(HubErrorKind.NotFound, $"no node with id \"{TextRules.Excerpt(nodeId)}\"; pi-controller nodes ls lists the nodes");

    /// <summary>
    /// Sets the labels with a value and removes those with null; with <paramref name="replace"/>, the labels not
    /// named are removed too. Derived keys cannot be set; every problem is named in one refusal, and a refused
    /// change changes nothing.
    /// </summary>
    public NodeLabelsView Change(string nodeId, IReadOnlyDictionary<string, string?>? changes, bool replace)
    {
        Require(nodeId);
        if (changes is null)
        {
            throw new HubException(HubErrorKind.Invalid, "labels is required: {\"labels\": {\"room\": \"garage\", \"old\": null}}");
        }
        var errors = new List<string>();
        LabelRules.Check(changes.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!), "labels", allowReserved: false, errors);
        foreach (var key in changes.Where(p => p.Value is null).Select(p => p.Key))
        {
            if (LabelRules.Key(key) is { } bad)
            {
                errors.Add("labels: " + bad);
            }
        }
        if (errors.Count > 0)
        {
            throw new HubException(HubErrorKind.Invalid, string.Join("; ", errors));
        }
        store.Apply(nodeId, changes, replace);
        return Require(nodeId);
    }

    /// <summary>Every node with its labels, derived and set, in one dictionary each.</summary>
    public IReadOnlyList<(string NodeId, IReadOnlyDictionary<string, string> Labels)> All()
    {
        var user = store.All();
        return nodes.List().Select(node =>
        {
            var labels = new Dictionary<string, string>(Derive(node, nodes.Hardware(node.NodeId)), StringComparer.Ordinal);
            foreach (var (key, value) in user.GetValueOrDefault(node.NodeId) ?? new Dictionary<string, string>())
            {
                labels[key] = value;
            }
            return (node.NodeId, (IReadOnlyDictionary<string, string>)labels);
        }).ToList();
    }

    public IReadOnlyList<string> Matching(LabelSelector selector) =>
        All().Where(n => selector.Matches(n.Labels)).Select(n => n.NodeId).ToList();

    public static IReadOnlyDictionary<string, string> Derive(NodeRecord node, HardwareReport? report)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string? text)
        {
            if (LabelRules.ToValue(text) is { } value)
            {
                labels[key] = value;
            }
        }
        Add(Hostname, node.Hostname);
        Add(Arch, node.Architecture.StartsWith("linux-", StringComparison.Ordinal) ? node.Architecture["linux-".Length..] : node.Architecture);
        Add(Board, report is null ? node.Board : report.Simulated ? "sim" : "native");
        if (report is not null)
        {
            Add(Model, report.Board?.HasBoardType == true ? report.Board.BoardType : null);
            if (report.GpioChips.Count > 0)
            {
                labels[Gpio] = "true";
            }
            if (report.I2CBuses.Count > 0)
            {
                labels[I2c] = "true";
            }
        }
        return labels;
    }
}
