using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Tests.Provisioning;

public sealed class K3sConfigTests
{
    private static readonly IReadOnlyList<string> Servers = ["192.168.1.10", "192.168.1.11", "192.168.1.12"];

    private static readonly Dictionary<string, string> Pi4Labels = new()
    {
        ["hardware.pi-controller.io/board"] = "4B",
        ["hardware.pi-controller.io/memory-mb"] = "4096",
    };

    [Fact]
    public void The_first_server_initialises_the_cluster_with_every_setting_in_config_yaml()
    {
        var node = new K3sNodeSpec(K3sRole.Server, "pi-one", null, Servers, Pi4Labels, 4096, PreferBundledBin: false);

        Assert.Equal("""
            # Written by Pi-Controller; changes made here are replaced at the next install. Change the cluster in the hub.
            node-name: "pi-one"
            cluster-init: true
            tls-san:
              - "192.168.1.10"
              - "192.168.1.11"
              - "192.168.1.12"
            write-kubeconfig-mode: "0600"
            node-label:
              - "hardware.pi-controller.io/board=4B"
              - "hardware.pi-controller.io/memory-mb=4096"
            kubelet-arg:
              - "kube-reserved=cpu=250m,memory=768Mi"
              - "system-reserved=cpu=100m,memory=192Mi"
              - "eviction-hard=memory.available<200Mi,nodefs.available<10%,imagefs.available<15%,nodefs.inodesFree<5%"

            """, K3sConfig.Node(node).Yaml());
    }

    [Fact]
    public void A_further_server_joins_through_the_first_one_instead_of_initialising()
    {
        var node = new K3sNodeSpec(K3sRole.Server, "pi-two", "192.168.1.10", Servers, new Dictionary<string, string>(), 8192, PreferBundledBin: false);

        var yaml = K3sConfig.Node(node).Yaml();

        Assert.Contains("\nserver: \"https://192.168.1.10:6443\"\n", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("cluster-init", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("node-label", yaml, StringComparison.Ordinal);
        Assert.Contains("  - \"kube-reserved=cpu=250m,memory=896Mi\"\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agent_on_a_Zero_2_W_gets_small_reservations_and_no_server_settings()
    {
        var node = new K3sNodeSpec(K3sRole.Agent, "zero", "192.168.1.10", Servers,
            new Dictionary<string, string> { ["hardware.pi-controller.io/board"] = "Zero-2-W" }, 512, PreferBundledBin: true);

        Assert.Equal("""
            # Written by Pi-Controller; changes made here are replaced at the next install. Change the cluster in the hub.
            node-name: "zero"
            server: "https://192.168.1.10:6443"
            node-label:
              - "hardware.pi-controller.io/board=Zero-2-W"
            kubelet-arg:
              - "kube-reserved=cpu=100m,memory=128Mi"
              - "system-reserved=cpu=100m,memory=64Mi"
              - "eviction-hard=memory.available<50Mi,nodefs.available<10%,imagefs.available<15%,nodefs.inodesFree<5%"
            prefer-bundled-bin: true

            """, K3sConfig.Node(node).Yaml());
    }

    [Fact]
    public void A_board_of_unknown_memory_keeps_the_kubelet_defaults()
    {
        var node = new K3sNodeSpec(K3sRole.Agent, "x", "192.168.1.10", Servers, new Dictionary<string, string>(), null, PreferBundledBin: false);

        Assert.DoesNotContain(K3sConfig.Node(node).Settings, s => s.Key == "kubelet-arg");
    }

    [Fact]
    public void An_IPv6_first_server_is_written_in_brackets()
    {
        var node = new K3sNodeSpec(K3sRole.Agent, "x", "fd00::10", ["fd00::10"], new Dictionary<string, string>(), null, PreferBundledBin: false);

        Assert.Contains("server: \"https://[fd00::10]:6443\"", K3sConfig.Node(node).Yaml(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_setting_carries_the_reason_the_plan_shows()
    {
        var node = new K3sNodeSpec(K3sRole.Server, "pi-one", null, Servers, Pi4Labels, 4096, PreferBundledBin: true);

        var settings = K3sConfig.Node(node).Settings.Concat(K3sConfig.Cluster(new K3sClusterSpec(["traefik"])).Settings).ToList();

        Assert.Equal(["node-name", "cluster-init", "tls-san", "write-kubeconfig-mode", "node-label", "kubelet-arg", "prefer-bundled-bin", "secrets-encryption", "disable"],
            settings.Select(s => s.Key));
        Assert.All(settings, s => Assert.True(s.Reason.Length > 20, $"{s.Key} has no reason"));
        Assert.Contains("4096 MiB board, server: 1160 MiB kept from pods", settings.Single(s => s.Key == "kubelet-arg").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cluster_drop_in_holds_what_every_server_must_share()
    {
        var dropIn = K3sConfig.Cluster(new K3sClusterSpec(["traefik", "servicelb", "traefik"]));

        Assert.Equal("/etc/rancher/k3s/config.yaml.d/10-pi-controller-cluster.yaml", dropIn.Path);
        Assert.Equal("""
            # Written by Pi-Controller; changes made here are replaced at the next install. Change the cluster in the hub.
            secrets-encryption: true
            disable:
              - "servicelb"
              - "traefik"

            """, dropIn.Yaml());
    }

    [Fact]
    public void Disabling_a_component_K3s_does_not_package_is_refused_naming_the_ones_it_does()
    {
        var error = Assert.Throws<ArgumentException>(() => K3sConfig.Cluster(new K3sClusterSpec(["nginx"])));

        Assert.Equal("K3s cannot disable nginx; the components it packages are coredns, servicelb, traefik, local-storage, metrics-server, runtimes", error.Message);
    }

    [Fact]
    public void Quotes_backslashes_and_control_characters_are_escaped_in_values()
    {
        var yaml = new System.Text.StringBuilder();

        K3sSetting.Text("node-name", "a\"b\\c\nd", "test").WriteYaml(yaml);

        Assert.Equal("node-name: \"a\\\"b\\\\c\\u000ad\"\n", yaml.ToString());
    }
}
