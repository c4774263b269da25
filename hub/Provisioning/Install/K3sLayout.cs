namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// Where K3s and its install script put things (install.sh defaults: INSTALL_K3S_BIN_DIR=/usr/local/bin,
/// INSTALL_K3S_SYSTEMD_DIR=/etc/systemd/system; the service is <c>k3s</c> for a server, <c>k3s-agent</c> for an
/// agent). One table, read by the install and uninstall lists and the preflight.
/// </summary>
internal static class K3sLayout
{
    public const string BinDirectory = "/usr/local/bin";
    public const string Binary = BinDirectory + "/k3s";
    public const string SystemdDirectory = "/etc/systemd/system";
    public const string ConfigDirectory = "/etc/rancher/k3s";
    public const string ConfigFile = ConfigDirectory + "/config.yaml";
    public const string DropInDirectory = ConfigDirectory + "/config.yaml.d";
    public const string DataDirectory = "/var/lib/rancher/k3s";

    /// <summary>The commands install.sh links to the k3s binary.</summary>
    public static readonly IReadOnlyList<string> Symlinks = ["kubectl", "crictl", "ctr"];

    public static string Service(K3sRole role) => role == K3sRole.Server ? "k3s" : "k3s-agent";

    public static string UnitFile(K3sRole role) => $"{SystemdDirectory}/{Service(role)}.service";

    public static string EnvironmentFile(K3sRole role) => $"{UnitFile(role)}.env";
}
