using System.Net;
using System.Text.Json;

namespace PiController.Hub.Kube.Client;

/// <summary>One line of a watch stream: {"type": ..., "object": ...}. An ERROR event's Status is thrown (410 Gone among them).</summary>
internal static class WatchLine
{
    public static WatchEvent Parse(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new KubeApiException(HttpStatusCode.InternalServerError, "InvalidWatchEvent", $"a watch line is not JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.GetString() is not { } kind
                || !root.TryGetProperty("object", out var item))
            {
                throw new KubeApiException(HttpStatusCode.InternalServerError, "InvalidWatchEvent", "a watch line has no type or no object");
            }
            if (kind == "ERROR")
            {
                throw KubeStatus.FromStatus(HttpStatusCode.InternalServerError, item);
            }
            return new WatchEvent(kind, item.Clone());
        }
    }
}
