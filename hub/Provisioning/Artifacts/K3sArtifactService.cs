namespace PiController.Hub.Provisioning.Artifacts;

/// <summary>What REST and gRPC both offer on K3s artifacts: list, remove, fetch; each checks its input once here.</summary>
internal sealed class K3sArtifactService(K3sArtifactStore store, K3sReleaseFetcher fetcher)
{
    public IReadOnlyList<K3sArtifactSet> List() => store.List();

    public IReadOnlyList<K3sArtifactSet> Delete(string? version, string? arch) =>
        store.Delete(K3sRelease.CheckVersion(version), string.IsNullOrEmpty(arch) ? null : K3sRelease.CheckArch(arch));

    public Task<K3sArtifactSet> FetchAsync(K3sFetchRequest request, CancellationToken cancellationToken) =>
        fetcher.FetchAsync(request, cancellationToken);
}
