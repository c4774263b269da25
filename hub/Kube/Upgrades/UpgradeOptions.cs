namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// How long a node may take to come back Ready on its new release unless the run says (--ready-timeout), how often the hub looks, and how long it waits
/// before asking again for an eviction a PodDisruptionBudget refused (kubectl drain waits 5 s).
/// </summary>
internal sealed record UpgradeOptions(TimeSpan ReadyTimeout, TimeSpan PollInterval, TimeSpan EvictionRetry)
{
    public static UpgradeOptions Default { get; } = new(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
}
