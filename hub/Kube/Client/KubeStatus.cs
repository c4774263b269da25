using System.Net;
using System.Text.Json;

namespace PiController.Hub.Kube.Client;

/// <summary>Turns a refused request's answer (a Status object, or whatever a proxy sent) into a <see cref="KubeApiException"/>.</summary>
internal static class KubeStatus
{
    public static KubeApiException FromBody(HttpStatusCode status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return FromStatus(status, document.RootElement);
        }
        catch (JsonException)
        {
            var text = body.Trim();
            return new KubeApiException(status, status.ToString(), text.Length == 0 ? "(no message)" : text.Length > 300 ? text[..300] + "..." : text);
        }
    }

    /// <summary>A Status object; <paramref name="status"/> is used when it carries no code (an ERROR watch event's object carries one).</summary>
    public static KubeApiException FromStatus(HttpStatusCode status, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new KubeApiException(status, status.ToString(), element.GetRawText());
        }
        var code = element.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) && n > 0 ? (HttpStatusCode)n : status;
        var reason = element.TryGetProperty("reason", out var r) && r.GetString() is { Length: > 0 } text ? text : code.ToString();
        var message = element.TryGetProperty("message", out var m) && m.GetString() is { Length: > 0 } said ? said : "(no message)";
        return new KubeApiException(code, reason, message);
    }
}
