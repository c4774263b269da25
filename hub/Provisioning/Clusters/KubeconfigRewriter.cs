using System.Globalization;
using PiController.Hub.Api;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// Rewrites the admin kubeconfig a K3s server writes (/etc/rancher/k3s/k3s.yaml: server https://127.0.0.1:6443,
/// everything named "default") for use from elsewhere: the server becomes https://FIRST:6443 and the cluster, context
/// and user are named after the cluster, so several clusters merge into one ~/.kube/config. Parsed and written as
/// YAML (YamlDotNet's representation model), never by replacing strings: k3sup replaces every "default", which
/// also hits a namespace or a certificate that happens to contain the word.
/// </summary>
internal static class KubeconfigRewriter
{
    public static string Rewrite(string kubeconfig, string name, string serverAddress)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(kubeconfig));
        }
        catch (YamlException e)
        {
            throw new HubException(HubErrorKind.Failed, $"the kubeconfig the first server wrote is not YAML ({e.Message}); check /etc/rancher/k3s/k3s.yaml on it");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root
            || One(root, "clusters") is not { } cluster || One(root, "users") is not { } user || One(root, "contexts") is not { } context)
        {
            throw new HubException(HubErrorKind.Failed, "the kubeconfig the first server wrote does not have one cluster, one user and one context; check /etc/rancher/k3s/k3s.yaml on it");
        }
        var host = serverAddress.Contains(':', StringComparison.Ordinal) && !serverAddress.StartsWith('[') ? $"[{serverAddress}]" : serverAddress;
        cluster.Children[new YamlScalarNode("name")] = new YamlScalarNode(name);
        Child(cluster, "cluster").Children[new YamlScalarNode("server")] = new YamlScalarNode(string.Create(CultureInfo.InvariantCulture, $"https://{host}:6443"));
        user.Children[new YamlScalarNode("name")] = new YamlScalarNode(name);
        context.Children[new YamlScalarNode("name")] = new YamlScalarNode(name);
        var inner = Child(context, "context");
        inner.Children[new YamlScalarNode("cluster")] = new YamlScalarNode(name);
        inner.Children[new YamlScalarNode("user")] = new YamlScalarNode(name);
        root.Children[new YamlScalarNode("current-context")] = new YamlScalarNode(name);
        var text = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(text, assignAnchors: false);
        var yaml = text.ToString();
        // YamlStream ends every document with "...": kubectl reads it, but it is not how kubeconfigs look.
        return yaml.EndsWith("...\n", StringComparison.Ordinal) ? yaml[..^4] : yaml;
    }

    private static YamlMappingNode? One(YamlMappingNode root, string key) =>
        root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode { Children.Count: 1 } list && list[0] is YamlMappingNode item
            ? item
            : null;

    private static YamlMappingNode Child(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlMappingNode mapping
            ? mapping
            : throw new HubException(HubErrorKind.Failed, $"the kubeconfig the first server wrote has no {key} section; check /etc/rancher/k3s/k3s.yaml on it");
}
