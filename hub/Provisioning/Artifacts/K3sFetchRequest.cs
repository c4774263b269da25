namespace PiController.Hub.Provisioning.Artifacts;

/// <summary>POST /api/v1/k3s/artifacts/fetch: which release to download; the images tarball only when asked.</summary>
internal sealed record K3sFetchRequest(string Version, string? Arch = null, bool Images = false);
