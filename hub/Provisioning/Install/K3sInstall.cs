using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// The steps that install (or update) K3s on one node, in install.sh's order: binary and images, symlinks, the
/// cluster's CA files (first server only: K3s reads them on the cluster's first start; joining servers receive the CAs
/// from the cluster's encrypted bootstrap data), config.yaml and the cluster drop-in, env file, unit, daemon-reload,
/// a restart only when binary, config, env or unit changed, and enable --now. Run again with the same input, every
/// step reports unchanged and K3s is not restarted.
/// </summary>
internal static class K3sInstall
{
    private const UnixFileMode ReadableByAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <param name="node">The node's own settings.</param>
    /// <param name="cluster">The settings all servers share.</param>
    /// <param name="artifacts">The K3s release files for the node's architecture.</param>
    /// <param name="ca">The cluster's CAs (their files go to the first server; their hash into every token).</param>
    /// <param name="secrets">The cluster's passwords.</param>
    public static IReadOnlyList<InstallStep> Steps(K3sNodeSpec node, K3sClusterSpec cluster, K3sArtifacts artifacts, ClusterCa ca, ClusterSecrets secrets)
    {
        var service = K3sLayout.Service(node.Role);
        var hash = ca.Hash;
        var config = K3sConfig.Node(node);
        var steps = new List<InstallStep>
        {
            new PlaceBinary(K3sLayout.Binary, artifacts.BinarySha256, KeepPrevious: true),
            new PlaceImages($"{PlaceImages.Directory}/{artifacts.ImagesFileName}", artifacts.ImagesSha256),
        };
        steps.AddRange(K3sLayout.Symlinks.Select(name => new Symlink($"{K3sLayout.BinDirectory}/{name}", "k3s")));
        if (node.IsFirstServer)
        {
            steps.AddRange(ca.ServerFiles().Select(f => new WriteFile(f.Path, f.Content, f.Mode, FileKind.Trust)));
        }
        steps.Add(new WriteFile(config.Path, FileContent.Plain(config.Yaml()), K3sEnvironment.Mode, FileKind.Config));
        var watched = new List<string> { K3sLayout.Binary, config.Path };
        if (node.Role == K3sRole.Server)
        {
            var dropIn = K3sConfig.Cluster(cluster);
            steps.Add(new WriteFile(dropIn.Path, FileContent.Plain(dropIn.Yaml()), K3sEnvironment.Mode, FileKind.Config));
            watched.Add(dropIn.Path);
        }
        var environment = node.Role == K3sRole.Server
            ? K3sEnvironment.Server(secrets.ServerToken(hash), secrets.AgentToken(hash))
            : K3sEnvironment.Agent(secrets.AgentToken(hash));
        steps.Add(new WriteFile(K3sLayout.EnvironmentFile(node.Role), environment, K3sEnvironment.Mode, FileKind.Environment));
        steps.Add(new WriteFile(K3sLayout.UnitFile(node.Role), FileContent.Plain(K3sUnit.Text(node.Role)), ReadableByAll, FileKind.Unit));
        watched.Add(K3sLayout.EnvironmentFile(node.Role));
        watched.Add(K3sLayout.UnitFile(node.Role));
        steps.Add(new DaemonReload());
        steps.Add(new RestartIfChanged(service, watched));
        steps.Add(new EnableNow(service));
        return steps;
    }
}
