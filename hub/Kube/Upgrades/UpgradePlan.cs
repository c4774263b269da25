using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// An upgrade (or a rollback) as decided before anything changes: the cluster, from and to which release, how many
/// agents at once, how long a drain may wait and a node may take to be Ready again, and its nodes in the order they are taken (servers one at a time by
/// their place in the cluster, then the agents).
/// </summary>
internal sealed record UpgradePlan(string Cluster, UpgradeKind Kind, string From, string To, int Concurrency, TimeSpan DrainTimeout,
    TimeSpan ReadyTimeout, IReadOnlyList<UpgradeNodePlan> Nodes);

/// <summary>
/// One node of an upgrade: how the hub reaches it, its role, its Kubernetes name, the release it runs now, the
/// release files it gets (null for a rollback, which restores the kept previous binary), the SHA-256 of the binary a
/// put-back restores (null when the hub does not keep that release), and whether it already runs the target.
/// </summary>
internal sealed record UpgradeNodePlan(NodeTarget Target, K3sRole Role, string KubeNode, string From, K3sArtifacts? Release, string? PreviousSha256, bool AlreadyThere)
{
    public string Unit => K3sLayout.Service(Role);

    /// <summary>
    /// The steps that put the new release in place and restart K3s on it (the binary kept as k3s.previous); for a
    /// rollback, those that put the previous binary back (checked against <see cref="PreviousSha256"/> when known).
    /// </summary>
    public IReadOnlyList<InstallStep> SwapSteps() => Release is { } release
        ?
        [
            new PlaceImages($"{PlaceImages.Directory}/{release.ImagesFileName}", release.ImagesSha256),
            new PlaceBinary(K3sLayout.Binary, release.BinarySha256, KeepPrevious: true),
            new RestartIfChanged(Unit, [K3sLayout.Binary]),
        ]
        : Restore(PreviousSha256);

    /// <summary>
    /// The steps that undo <see cref="SwapSteps"/> after a failure: the kept binary back (for an upgrade, checked to be
    /// the release the node ran), restarted. A rollback is undone by exchanging the two binaries again.
    /// </summary>
    public IReadOnlyList<InstallStep> PutBackSteps() => Restore(Release is null ? null : PreviousSha256);

    private List<InstallStep> Restore(string? sha256) => [new RestorePreviousBinary(K3sLayout.Binary, sha256), new RestartIfChanged(Unit, [K3sLayout.Binary])];
}

/// <summary>An upgrade of the whole cluster to a release, or one node's rollback to its previous binary.</summary>
internal enum UpgradeKind
{
    Upgrade,
    Rollback,
}
