namespace PiController.Agent.K3s;

/// <summary>A K3s file could not be fetched from the hub; the message says why and what to do. Nothing was put in place.</summary>
internal sealed class ArtifactDownloadException(string message) : Exception(message);
