namespace PiController.Hub.Resources;

/// <summary>A resource the reconciler wants on a node, with its checked spec.</summary>
internal sealed record DesiredResource(string Name, ValidSpec Spec);
