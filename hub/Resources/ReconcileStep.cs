using PiController.Protocol.Link;

namespace PiController.Hub.Resources;

/// <summary>
/// One command the reconciler sends: for the resource <c>Name</c> of <c>Kind</c>; <c>Release</c> is set when it
/// gives a pin back for a deleted or moved resource.
/// </summary>
internal sealed record ReconcileStep(Command Command, ResourceKind Kind, string Name, PendingRelease? Release = null);
