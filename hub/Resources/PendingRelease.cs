namespace PiController.Hub.Resources;

/// <summary>
/// A pin, channel or device that a deleted (or moved) resource held with onDelete=release and that has not been
/// given back yet, typically because its node was offline: table resource_releases.
/// </summary>
internal sealed record PendingRelease(string NodeId, string Claim, ResourceKind Kind, string Name, string Spec, DateTimeOffset DeletedAt);
