using PiController.Protocol.Link;

namespace PiController.Hub.Resources;

/// <summary>A resource the reconciler wants on a node, with its checked spec.</summary>
internal sealed record DesiredResource(string Name, ValidSpec Spec);

/// <summary>
/// One command the reconciler sends: for the resource <c>Name</c> of <c>Kind</c>; <c>Release</c> is set when it
/// gives a pin back for a deleted or moved resource.
/// </summary>
internal sealed record ReconcileStep(Command Command, ResourceKind Kind, string Name, PendingRelease? Release = null);

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
