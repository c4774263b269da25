namespace PiController.Agent.K3s;

/// <summary>A file put in place: its size, and how many of its bytes were on disk already from an interrupted download.</summary>
internal sealed record ArtifactDownload(long Size, long ResumedFrom);
