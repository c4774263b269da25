namespace PiController.Hub.Kube.Informers;

/// <summary>Where one informer stands: synced, objects cached, the version it watches from, restarts by reason and the last error.</summary>
internal sealed record InformerStatus(string Kind, bool Synced, int Objects, string ResourceVersion, IReadOnlyDictionary<string, long> Restarts,
    string? LastError, DateTimeOffset? LastErrorAt);
