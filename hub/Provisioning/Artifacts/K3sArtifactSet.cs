namespace PiController.Hub.Provisioning.Artifacts;

/// <summary>
/// One K3s release for one architecture as the hub keeps it: its files (each verified against the release's
/// checksums file, which is kept beside them), when they were imported and where from. Written as
/// <c>manifest.json</c> in the set's directory and served as it is by the API.
/// </summary>
internal sealed record K3sArtifactSet(string Version, string Arch, IReadOnlyList<K3sArtifactFile> Files, DateTimeOffset ImportedAt, string Source);

/// <summary>One kept file: its release name, <c>binary</c> or <c>images</c>, its size and SHA-256 (lower-case hex).</summary>
internal sealed record K3sArtifactFile(string Name, string Kind, long Size, string Sha256);
