namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// Places the air-gap images tarball where K3s imports it at start (/var/lib/rancher/k3s/agent/images/, docs.k3s.io
/// Air-Gap Install), so no node pulls the system images from the internet; unchanged when the file has <paramref name="Sha256"/>.
/// </summary>
internal sealed record PlaceImages(string ImagesPath, string Sha256) : InstallStep
{
    public const string Directory = K3sLayout.DataDirectory + "/agent/images";

    public override string? Path => ImagesPath;
}
