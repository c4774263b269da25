namespace PiController.Hub.Resources;

/// <summary>
/// What reconciling one node takes: releases first (a pin may pass from a deleted PWM channel to a GPIO
/// resource), then the changes, each only where the agent's state differs. <c>InSync</c> needs nothing, with
/// what the agent holds; <c>Settled</c> are owed releases with nothing left to give back.
/// </summary>
internal sealed record ReconcilePlan(
    IReadOnlyList<ReconcileStep> Releases,
    IReadOnlyList<ReconcileStep> Changes,
    IReadOnlyList<(ResourceKind Kind, string Name, ObservedState Observed)> InSync,
    IReadOnlyList<PendingRelease> Settled);
