namespace PiController.Hub.Provisioning.Install;

/// <summary>The verified release files of one K3s version for the node's architecture, by file name and sha256, from the hub's artifact store.</summary>
internal sealed record K3sArtifacts(string BinarySha256, string ImagesFileName, string ImagesSha256);
