using System.Collections.Frozen;

namespace PiController.Protocol.Link;

/// <summary>
/// The only places the agent's K3s steps may write, link or remove, and the only units they may control: the paths
/// of the hub's K3sInstall and K3sUninstall (install.sh's layout, K3s's data and the CA files the hub places). The
/// agent refuses a step outside them before it touches anything; a hub test checks that every step the hub builds is
/// inside them, so the two cannot drift apart. Nothing here is a pattern a caller can stretch: names are listed, and
/// the two open sets (config.yaml.d drop-ins, image tarballs) take one plain file name.
/// </summary>
public static class K3sPaths
{
    public const string Binary = "/usr/local/bin/k3s";
    public const string PreviousBinary = Binary + ".previous";
    public const string ImagesDirectory = "/var/lib/rancher/k3s/agent/images";
    public const string DataDirectory = "/var/lib/rancher/k3s";
    public const string ConfigDirectory = "/etc/rancher/k3s";
    public const string DropInDirectory = ConfigDirectory + "/config.yaml.d";
    public const string TlsDirectory = DataDirectory + "/server/tls";

    /// <summary>The units a step may name.</summary>
    public static readonly FrozenSet<string> Units = new[] { "k3s", "k3s-agent" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>install.sh's links to the binary; each points at <c>k3s</c>.</summary>
    public static readonly FrozenSet<string> Symlinks =
        new[] { "/usr/local/bin/kubectl", "/usr/local/bin/crictl", "/usr/local/bin/ctr" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The CA files K3s reads from server/tls on its first start (ClusterCa.ServerFiles), written only where none exists.</summary>
    public static readonly FrozenSet<string> TrustFiles = new[]
    {
        "server-ca.crt", "server-ca.key", "client-ca.crt", "client-ca.key", "request-header-ca.crt", "request-header-ca.key",
        "etcd/peer-ca.crt", "etcd/peer-ca.key", "etcd/server-ca.crt", "etcd/server-ca.key", "service.key",
    }.Select(name => $"{TlsDirectory}/{name}").ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The units and their environment files.</summary>
    public static readonly FrozenSet<string> UnitFiles = new[]
    {
        "/etc/systemd/system/k3s.service", "/etc/systemd/system/k3s.service.env",
        "/etc/systemd/system/k3s-agent.service", "/etc/systemd/system/k3s-agent.service.env",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>What k3s-killall.sh unmounts.</summary>
    public static readonly FrozenSet<string> MountPrefixes =
        new[] { "/run/k3s", "/var/lib/kubelet/pods", "/var/lib/kubelet/plugins", "/run/netns/cni-" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The interfaces flannel, the CNI bridge and kube-proxy create.</summary>
    public static readonly FrozenSet<string> Interfaces =
        new[] { "cni0", "flannel.1", "flannel-v6.1", "kube-ipvs0", "flannel-wg", "flannel-wg-v6" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The texts firewall rules are removed by.</summary>
    public static readonly FrozenSet<string> FirewallMarkers = new[] { "KUBE-", "CNI-", "flannel" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The directories the uninstall removes whole.</summary>
    public static readonly FrozenSet<string> Directories = new[]
    {
        ConfigDirectory, "/run/k3s", "/run/flannel", DataDirectory, "/var/lib/kubelet", "/var/lib/cni",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The boot command lines the consented fix may write.</summary>
    public static readonly FrozenSet<string> BootCmdlines = new[] { "/boot/firmware/cmdline.txt", "/boot/cmdline.txt" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>A file WriteK3sConfig may write.</summary>
    public static bool IsWritableFile(string path) =>
        path == ConfigDirectory + "/config.yaml" || UnitFiles.Contains(path) || TrustFiles.Contains(path) ||
        (IsPlainChild(path, DropInDirectory) && path.EndsWith(".yaml", StringComparison.Ordinal));

    /// <summary>An images tarball InstallK3s may place.</summary>
    public static bool IsImagesFile(string path) =>
        IsPlainChild(path, ImagesDirectory) && (path.EndsWith(".tar", StringComparison.Ordinal) ||
            path.EndsWith(".tar.zst", StringComparison.Ordinal) || path.EndsWith(".tar.gz", StringComparison.Ordinal));

    /// <summary>A file or link UninstallK3s may remove.</summary>
    public static bool IsRemovableFile(string path) =>
        path is Binary or PreviousBinary || Symlinks.Contains(path) || UnitFiles.Contains(path);

    /// <summary>A file whose directory is <paramref name="directory"/> and whose name is plain (no separator, no leading dot, no control).</summary>
    private static bool IsPlainChild(string path, string directory)
    {
        if (!path.StartsWith(directory + "/", StringComparison.Ordinal))
        {
            return false;
        }
        var name = path[(directory.Length + 1)..];
        return name.Length is > 0 and <= 128 && name[0] != '.' &&
            name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+');
    }
}
