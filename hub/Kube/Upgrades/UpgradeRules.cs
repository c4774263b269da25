using PiController.Hub.Api;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// What an upgrade may do, judged before anything changes (K3s's upgrade rules and Kubernetes' version skew policy):
/// never to an older release, never across a minor version (v1.30 to v1.32 skips v1.31), never to another major one.
/// Each refusal names the versions and the way forward.
/// </summary>
internal static class UpgradeRules
{
    public const int MaxConcurrency = 50;
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxDrainTimeout = TimeSpan.FromHours(6);
    public static readonly TimeSpan MaxReadyTimeout = TimeSpan.FromHours(6);

    /// <summary>Refuses a move of one node from <paramref name="from"/> to <paramref name="to"/> that K3s does not support.</summary>
    public static void Check(string cluster, string node, ReleaseVersion from, ReleaseVersion to)
    {
        if (to.CompareTo(from) < 0)
        {
            throw new HubException(HubErrorKind.Precondition,
                $"{node} runs K3s {from}, newer than {to}: cluster {cluster} cannot be downgraded (etcd and the API's stored objects do not go back); " +
                $"to return a node to the binary it had before its last upgrade: pi-controller cluster rollback {cluster} NODE");
        }
        if (to.Major != from.Major)
        {
            throw new HubException(HubErrorKind.Precondition,
                $"{node} runs K3s {from}; {to} is another major version, which K3s does not upgrade to in place");
        }
        if (to.Minor > from.Minor + 1)
        {
            throw new HubException(HubErrorKind.Precondition,
                $"{node} runs K3s {from}; {to} would skip {string.Join(", ", Enumerable.Range(from.Minor + 1, to.Minor - from.Minor - 1).Select(m => $"v{from.Major}.{m}"))}: " +
                $"Kubernetes goes one minor version at a time, so upgrade cluster {cluster} to the newest v{from.Major}.{from.Minor + 1} release first " +
                $"(pi-controller k3s fetch v{from.Major}.{from.Minor + 1}.N+k3s1 --images, then pi-controller cluster upgrade {cluster} --version v{from.Major}.{from.Minor + 1}.N+k3s1)");
        }
    }

    public static int Concurrency(int? concurrency) => concurrency switch
    {
        null => 1,
        >= 1 and <= MaxConcurrency => concurrency.Value,
        _ => throw new HubException(HubErrorKind.Invalid, $"concurrency must be 1-{MaxConcurrency} agents upgraded at once, got {concurrency}"),
    };

    public static TimeSpan DrainTimeout(int? seconds) => seconds switch
    {
        null => DefaultDrainTimeout,
        >= 1 when TimeSpan.FromSeconds(seconds.Value) <= MaxDrainTimeout => TimeSpan.FromSeconds(seconds.Value),
        _ => throw new HubException(HubErrorKind.Invalid, $"the drain timeout must be 1 s to {MaxDrainTimeout.TotalHours:0} h, got {seconds} s"),
    };

    /// <summary>How long a node may take to be Ready on its new release: the request's, else the hub's default (10 minutes).</summary>
    public static TimeSpan ReadyTimeout(int? seconds, TimeSpan hubDefault) => seconds switch
    {
        null => hubDefault,
        >= 1 when TimeSpan.FromSeconds(seconds.Value) <= MaxReadyTimeout => TimeSpan.FromSeconds(seconds.Value),
        _ => throw new HubException(HubErrorKind.Invalid, $"the ready timeout must be 1 s to {MaxReadyTimeout.TotalHours:0} h, got {seconds} s"),
    };
}
