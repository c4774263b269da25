namespace PiController.Hub.Provisioning.Clusters;

/// <summary>How long a plan waits for K3s to become Ready and for a node to come back from the fix's reboot, how often it looks, and how many agents install at once.</summary>
internal sealed record ClusterRunnerOptions(TimeSpan ReadyTimeout, TimeSpan RebootTimeout, TimeSpan PollInterval, int AgentParallelism)
{
    public static ClusterRunnerOptions Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(2), 8);
}
