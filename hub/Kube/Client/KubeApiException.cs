using System.Net;

namespace PiController.Hub.Kube.Client;

/// <summary>A request the Kubernetes API refused: its HTTP status, the Status object's reason (Conflict, NotFound, Gone, TooManyRequests, ...) and message.</summary>
internal sealed class KubeApiException(HttpStatusCode status, string reason, string message)
    : Exception($"{(int)status} {reason}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    public string Reason { get; } = reason;

    public string ApiMessage { get; } = message;
}
