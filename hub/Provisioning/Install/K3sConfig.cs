namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// Builds a node's config.yaml and, on servers, the cluster drop-in. Every durable setting is here, never only an
/// install flag: install.sh forgets flags it is re-run without (docs.k3s.io, Configuration Options), while K3s reads
/// these files at every start. The token is not: it goes to the 0600 env file (<see cref="K3sEnvironment"/>).
/// </summary>
internal static class K3sConfig
{
    public const string SupervisorPort = "6443";

    public static ConfigFile Node(K3sNodeSpec node)
    {
        var settings = new List<K3sSetting>
        {
            K3sSetting.Text("node-name", node.NodeName, "the node's name in Kubernetes, chosen by the hub (unique in the cluster; a renamed or duplicate hostname cannot confuse two boards)"),
        };
        if (node.IsFirstServer)
        {
            settings.Add(K3sSetting.Flag("cluster-init", true, "the first server starts the cluster with embedded etcd, so more servers can join it (HA)"));
        }
        else
        {
            settings.Add(K3sSetting.Text("server", $"https://{HostInUrl(node.FirstServerAddress!)}:{SupervisorPort}", "joins the cluster through the first server"));
        }
        if (node.Role == K3sRole.Server)
        {
            settings.Add(K3sSetting.List("tls-san", node.ServerAddresses, "the API server's certificate is valid for every server's address, so a kubeconfig may name any of them"));
            settings.Add(K3sSetting.Text("write-kubeconfig-mode", "0600", "the admin kubeconfig K3s writes on the server is readable by root only"));
        }
        if (node.Labels.Count > 0)
        {
            settings.Add(K3sSetting.List("node-label", node.Labels.Select(l => $"{l.Key}={l.Value}"),
                "labels from the board's hardware report; K3s applies them when the node registers, the hub keeps them current afterwards"));
        }
        if (KubeletReservations.For(node.Role, node.MemoryMegabytes) is { } reservations)
        {
            settings.Add(K3sSetting.List("kubelet-arg", reservations.Arguments, reservations.Reason));
        }
        if (node.PreferBundledBin)
        {
            settings.Add(K3sSetting.Flag("prefer-bundled-bin", true, "the host's iptables (1.8.0-1.8.4 in nft mode) duplicates rules; K3s uses its own bundled iptables instead"));
        }
        return new ConfigFile(K3sLayout.ConfigFile, settings);
    }

    /// <summary>The drop-in every server of the cluster gets byte for byte.</summary>
    /// <exception cref="ArgumentException">a component K3s does not know, named in the message.</exception>
    public static ConfigFile Cluster(K3sClusterSpec cluster)
    {
        var unknown = cluster.Disable.Except(K3sClusterSpec.Components).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"K3s cannot disable {string.Join(", ", unknown)}; the components it packages are {string.Join(", ", K3sClusterSpec.Components)}");
        }
        var settings = new List<K3sSetting>
        {
            K3sSetting.Flag("secrets-encryption", true, "Kubernetes Secrets are encrypted in the datastore and its snapshots; the same on every server"),
        };
        if (cluster.Disable.Count > 0)
        {
            settings.Add(K3sSetting.List("disable", cluster.Disable.Distinct().Order(StringComparer.Ordinal), "packaged components left out by the cluster's configuration; the same on every server"));
        }
        return new ConfigFile(K3sClusterSpec.DropInFile, settings);
    }

    /// <summary>An IPv6 address goes into a URL in brackets.</summary>
    private static string HostInUrl(string address) =>
        address.Contains(':', StringComparison.Ordinal) && !address.StartsWith('[') ? $"[{address}]" : address;
}
