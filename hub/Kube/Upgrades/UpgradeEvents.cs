using PiController.Hub.Events;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>Publishes cluster.upgrade.step and cluster.upgrade.changed: one method per moment of a run.</summary>
internal sealed class UpgradeEvents(EventBus bus)
{
    public const string StepRunning = "running";
    public const string StepWaiting = "waiting";
    public const string StepDone = "done";
    public const string StepFailed = "failed";

    public void Step(string cluster, long run, UpgradeNodePlan node, string step, string state, string detail, string? nextAction = null) =>
        bus.Publish(EventTypes.ClusterUpgradeStep, node.Target.Kind == Provisioning.Transport.NodeTransportKind.Agent ? node.Target.Name : null,
            new UpgradeStepPayload(cluster, run, node.Target.ToString(), node.KubeNode, step, state, detail, nextAction),
            UpgradesJsonContext.Default.UpgradeStepPayload);

    public void Changed(UpgradeRunRecord run, string state, string detail) =>
        bus.Publish(EventTypes.ClusterUpgradeChanged, null,
            new UpgradeChangedPayload(run.Cluster, run.Id, UpgradeStates.KindText(run.Kind), run.From, run.To, state, detail),
            UpgradesJsonContext.Default.UpgradeChangedPayload);
}
