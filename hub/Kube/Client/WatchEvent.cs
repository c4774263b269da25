using System.Text.Json;

namespace PiController.Hub.Kube.Client;

/// <summary>One line of a watch stream: ADDED, MODIFIED, DELETED or BOOKMARK (ERROR is thrown, never yielded), and its object.</summary>
internal sealed record WatchEvent(string Type, JsonElement Object);
