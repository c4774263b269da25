using PiController.Hub.Hardware;
using PiController.Hub.Resources;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>Everything a custom resource's status says (<see cref="ProjectionStatus"/> writes it as JSON).</summary>
internal sealed record ProjectionView(
    ResourceKind Kind,
    long ObservedGeneration,
    string? HubResource,
    string? HubNode,
    string? Desired,
    ObservedState? Observed,
    IReadOnlyList<ResourceCondition> Conditions,
    PinEventView? LastEdge = null);
