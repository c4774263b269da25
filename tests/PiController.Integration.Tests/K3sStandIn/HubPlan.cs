using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Integration.Tests.K3sStandIn;

/// <summary>
/// A cluster as the hub plans it: its CAs and secrets, and each node's install steps from the provisioner's own
/// builders (K3sInstall), so the stand-in is run on exactly the files the hub writes. Every server lives on
/// 127.0.0.1; joining nodes are pointed at the first server's test port with --server, which overrides the
/// config's https://127.0.0.1:6443 as a command-line flag overrides config.yaml in K3s.
/// </summary>
internal sealed class HubPlan
{
    public const string ImagesFile = "k3s-airgap-images-amd64.tar.zst";

    private static readonly K3sArtifacts Artifacts = new(new string('a', 64), ImagesFile, new string('b', 64));

    public ClusterCa Ca { get; } = ClusterCa.Create(DateTimeOffset.UtcNow);

    public ClusterSecrets Secrets { get; } = ClusterSecrets.Generate();

    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string> { ["pi-controller.io/board"] = "pi-4b" };

    public IReadOnlyList<InstallStep> FirstServer(string name) =>
        K3sInstall.Steps(new K3sNodeSpec(K3sRole.Server, name, null, ["127.0.0.1"], Labels, 4096, false), new K3sClusterSpec(["traefik"]), Artifacts, Ca, Secrets);

    public IReadOnlyList<InstallStep> Joining(K3sRole role, string name) =>
        K3sInstall.Steps(new K3sNodeSpec(role, name, "127.0.0.1", ["127.0.0.1"], Labels, 2048, true), new K3sClusterSpec(["traefik"]), Artifacts, Ca, Secrets);
}
