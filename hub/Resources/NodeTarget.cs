namespace PiController.Hub.Resources;

/// <summary>Which node a resource belongs to: by id, or by a label selector that must match exactly one node.</summary>
internal sealed record NodeTarget(string? Id = null, string? Selector = null);
