namespace PiController.Hub.Kube.Nodes;

/// <summary>A node taint as Kubernetes writes it: key, value and effect (NoSchedule, PreferNoSchedule, NoExecute).</summary>
internal sealed record NodeTaint(string Key, string Value, string Effect)
{
    public const string NoSchedule = "NoSchedule";

    public override string ToString() => $"{Key}={Value}:{Effect}";
}

/// <summary>
/// The labels and taints under <see cref="Provisioning.Install.HardwareLabels.Prefix"/> a node should carry.
/// <see cref="Complete"/> false (the hub has no hardware report of the node) means the set is only added to the
/// node, never used to remove anything: not knowing a feature is not knowing it is gone.
/// </summary>
internal sealed record NodeLabelState(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<NodeTaint> Taints, bool Complete);
