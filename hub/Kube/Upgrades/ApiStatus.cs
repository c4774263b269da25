using System.Net;
using System.Text.Json;
using PiController.Hub.Kube.Client;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// The HTTP status and message of a request the API refused, whether it came through the raw requests
/// (<see cref="KubeApiException"/>) or KubernetesClient's typed ones (its HttpOperationException, whose content is
/// the Status object); null for anything else.
/// </summary>
internal static class ApiStatus
{
    public static (HttpStatusCode Status, string Message)? Of(Exception exception) => exception switch
    {
        KubeApiException api => (api.Status, api.ApiMessage),
        k8s.Autorest.HttpOperationException typed when typed.Response is { } response => (response.StatusCode, MessageOf(response.Content)),
        _ => null,
    };

    public static bool Is(Exception exception, HttpStatusCode status) => Of(exception)?.Status == status;

    /// <summary>A refusal or an unreachable API as one line.</summary>
    public static string Describe(Exception exception) => Of(exception) is { } status
        ? $"the Kubernetes API answered {(int)status.Status}: {status.Message}"
        : exception.Message;

    private static string MessageOf(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return "no message";
        }
        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString()! : content.Trim();
        }
        catch (JsonException)
        {
            return content.Trim();
        }
    }
}
