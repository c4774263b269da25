using PiController.Hub.Events;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// Publishes cluster.step and cluster.changed. Every text that came from a node (a step's output and stderr) is
/// scrubbed of the cluster's passwords first, so even a transport that echoed one would not put it into an event.
/// </summary>
internal sealed class ClusterEvents(EventBus bus)
{
    public void Step(string cluster, ClusterNodeRecord node, PlanStepRecord step, ClusterSecrets secrets, string? nextAction = null) =>
        bus.Publish(EventTypes.ClusterStep, node.Target.Kind == Transport.NodeTransportKind.Agent ? node.Target.Name : null,
            new ClusterStepPayload(cluster, node.Target.ToString(), step.Phase, step.Index, step.Description, step.State, step.Changed,
                Scrub(step.Output, secrets), Scrub(step.Error, secrets), step.ExitCode, nextAction),
            ClustersJsonContext.Default.ClusterStepPayload);

    public void Changed(string cluster, string state, string detail) =>
        bus.Publish(EventTypes.ClusterChanged, null, new ClusterChangedPayload(cluster, state, detail), ClustersJsonContext.Default.ClusterChangedPayload);

    /// <summary><paramref name="text"/> with both passwords masked.</summary>
    public static string Scrub(string text, ClusterSecrets secrets) => text
        .Replace(secrets.Server.Reveal(), Secret.Mask, StringComparison.Ordinal)
        .Replace(secrets.Agent.Reveal(), Secret.Mask, StringComparison.Ordinal);
}
