namespace PiController.Hub.Kube.Client;

/// <summary>The cluster's API server could not be reached (refused, timed out, TLS failed): the message says which and where.</summary>
internal sealed class KubeUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
