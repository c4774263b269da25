namespace PiController.Hub.Provisioning.Artifacts;

/// <summary>
/// Where <c>k3s fetch</c> downloads releases (K3s's GitHub release page, or a mirror laid out like it) and the most
/// the hub takes for one file (an uncompressed images tarball is under 1 GiB; the binary about 70 MiB).
/// </summary>
internal sealed record K3sArtifactLimits(Uri ReleaseBaseUrl, long MaxFileBytes)
{
    public static readonly Uri GitHubReleases = new("https://github.com/k3s-io/k3s/releases/download/");

    public const long DefaultMaxFileBytes = 2L * 1024 * 1024 * 1024;
}
