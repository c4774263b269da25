using PiController.Hub.Provisioning.Install;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PiController.Hub.Tests.Provisioning;

/// <summary>The files the hub writes, read back by a YAML parser: what K3s's reader gets, keys, types and lists.</summary>
public sealed class ConfigYamlParseTests
{
    [Fact]
    public void A_servers_config_reads_back_as_the_settings_it_was_built_from_with_the_mode_a_quoted_string()
    {
        var node = new K3sNodeSpec(K3sRole.Server, "pi-one", null, ["192.168.1.10", "fd00::1"],
            new Dictionary<string, string> { ["hardware.pi-controller.io/board"] = "4B" }, 4096, PreferBundledBin: true);
        var config = K3sConfig.Node(node);

        var root = Read(config.Yaml());

        Assert.Equal(config.Settings.Select(s => s.Key), root.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        var mode = (YamlScalarNode)root.Children["write-kubeconfig-mode"];
        Assert.Equal(("0600", ScalarStyle.DoubleQuoted), (mode.Value, mode.Style));
        var init = (YamlScalarNode)root.Children["cluster-init"];
        Assert.Equal(("true", ScalarStyle.Plain), (init.Value, init.Style));
        Assert.Equal(["192.168.1.10", "fd00::1"], ((YamlSequenceNode)root.Children["tls-san"]).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Equal(3, ((YamlSequenceNode)root.Children["kubelet-arg"]).Children.Count);
    }

    [Fact]
    public void A_value_with_quotes_and_a_newline_reads_back_unchanged()
    {
        var node = new K3sNodeSpec(K3sRole.Agent, "x", "10.0.0.1", [], new Dictionary<string, string> { ["a"] = "b\"c\\d\ne: f" }, null, PreferBundledBin: false);

        var root = Read(K3sConfig.Node(node).Yaml());

        Assert.Equal("a=b\"c\\d\ne: f", ((YamlScalarNode)((YamlSequenceNode)root.Children["node-label"]).Children[0]).Value);
    }

    [Fact]
    public void The_cluster_drop_in_reads_back_as_a_boolean_and_a_list()
    {
        var root = Read(K3sConfig.Cluster(new K3sClusterSpec(["traefik"])).Yaml());

        Assert.Equal("true", ((YamlScalarNode)root.Children["secrets-encryption"]).Value);
        Assert.Equal(["traefik"], ((YamlSequenceNode)root.Children["disable"]).Children.Select(c => ((YamlScalarNode)c).Value));
    }

    private static YamlMappingNode Read(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }
}
