namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// The settings every server of a cluster must share (K3s refuses a server whose critical values differ: "critical
/// configuration value mismatch"), written into the same drop-in on each server.
/// </summary>
/// <param name="Disable">Packaged components the user opted out of (traefik, servicelb, ...); empty keeps them all.</param>
internal sealed record K3sClusterSpec(IReadOnlyList<string> Disable)
{
    /// <summary>The components <c>--disable</c> accepts (k3s server --help).</summary>
    public static readonly IReadOnlyList<string> Components = ["coredns", "servicelb", "traefik", "local-storage", "metrics-server", "runtimes"];

    public const string DropInFile = K3sLayout.DropInDirectory + "/10-pi-controller-cluster.yaml";
}
