namespace PiController.K3sStandIn.Cli;

/// <summary>
/// The flags the stand-in knows: those the provisioner writes into config.yaml and its drop-in (hub/Provisioning/Install
/// K3sConfig), the token variables of its env file, and the few a test needs to run it (data-dir, https-listen-port,
/// bind-address). Names, aliases and variables are K3s's (k3s server --help). Any other K3s flag is unknown to the
/// stand-in: refused on the command line, skipped with K3s's warning in a config file.
/// </summary>
internal static class Flags
{
    public static readonly IReadOnlyList<Flag> All =
    [
        new("config", FlagKind.Text, "c", "K3S_CONFIG_FILE"),
        new("data-dir", FlagKind.Text, "d"),
        new("debug", FlagKind.Bool, Variable: "K3S_DEBUG"),
        new("node-name", FlagKind.Text, Variable: "K3S_NODE_NAME"),
        new("node-label", FlagKind.List),
        new("kubelet-arg", FlagKind.List),
        new("prefer-bundled-bin", FlagKind.Bool),
        new("server", FlagKind.Text, "s", "K3S_URL"),
        new("token", FlagKind.Text, "t", "K3S_TOKEN"),
        new("token-file", FlagKind.Text, Variable: "K3S_TOKEN_FILE"),
        new("cluster-init", FlagKind.Bool, Variable: "K3S_CLUSTER_INIT", ServerOnly: true),
        new("agent-token", FlagKind.Text, Variable: "K3S_AGENT_TOKEN", ServerOnly: true),
        new("agent-token-file", FlagKind.Text, Variable: "K3S_AGENT_TOKEN_FILE", ServerOnly: true),
        new("tls-san", FlagKind.List, ServerOnly: true),
        new("disable", FlagKind.List, ServerOnly: true),
        new("write-kubeconfig", FlagKind.Text, "o", "K3S_KUBECONFIG_OUTPUT", ServerOnly: true),
        new("write-kubeconfig-mode", FlagKind.Text, Variable: "K3S_KUBECONFIG_MODE", ServerOnly: true),
        new("secrets-encryption", FlagKind.Bool, ServerOnly: true),
        new("https-listen-port", FlagKind.Text, ServerOnly: true),
        new("bind-address", FlagKind.Text, ServerOnly: true),
        new("node-taint", FlagKind.List),
    ];

    /// <summary>
    /// The flags of <c>k3s etcd-snapshot save|ls|delete|prune</c> (K3s's EtcdSnapshotFlags, without S3 and
    /// compression, which the stand-in does not have): config.yaml is read for them too, so its node-name and data-dir
    /// apply, and its other keys are skipped without a warning.
    /// </summary>
    public static readonly IReadOnlyList<Flag> Snapshot =
    [
        new("config", FlagKind.Text, "c", "K3S_CONFIG_FILE"),
        new("data-dir", FlagKind.Text, "d"),
        new("debug", FlagKind.Bool, Variable: "K3S_DEBUG"),
        new("node-name", FlagKind.Text, Variable: "K3S_NODE_NAME"),
        new("etcd-snapshot-dir", FlagKind.Text, "dir"),
        new("name", FlagKind.Text),
        new("snapshot-retention", FlagKind.Text, "etcd-snapshot-retention"),
    ];

    /// <summary>The flags <paramref name="command"/> (server, agent or etcd-snapshot) knows.</summary>
    public static IEnumerable<Flag> Of(string command) =>
        command == SnapshotCommand ? Snapshot : All.Where(f => command == "server" || !f.ServerOnly);

    public const string SnapshotCommand = "etcd-snapshot";

    /// <summary>The flag <paramref name="name"/> (a name or an alias) of <paramref name="command"/>, or null.</summary>
    public static Flag? Find(string command, string name) =>
        Of(command).FirstOrDefault(f => f.Name == name || f.Alias == name);
}
