using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Storage;

/// <summary>
/// One change of one object, as watch history keeps it: ADDED, MODIFIED or DELETED at <paramref name="Version"/>,
/// with the object after the change and (for MODIFIED) before it, so a watch with a selector can tell an object that
/// stopped matching (DELETED for that watch) from one that started to (ADDED). Never mutated once stored.
/// </summary>
internal sealed record StoredEvent(long Version, string Type, JsonObject Object, JsonObject? Previous);
