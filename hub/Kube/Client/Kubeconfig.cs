using System.Text;
using PiController.Hub.Api;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PiController.Hub.Kube.Client;

/// <summary>
/// Reads the current context of a kubeconfig into <see cref="KubeCredentials"/>. Only what can be held sealed in the
/// hub is accepted: inline data (certificate-authority-data, client-certificate-data, client-key-data) or a token;
/// file paths, exec and auth-provider plugins are refused (the hub would read its own files or run a program named by
/// whoever wrote the kubeconfig), and so is insecure-skip-tls-verify (the hub trusts only the kubeconfig's CA).
/// </summary>
internal static class Kubeconfig
{
    public static KubeCredentials Parse(string text)
    {
        var root = Load(text);
        var contextName = Scalar(root, "current-context");
        var context = Named(root, "contexts", contextName, "context");
        var cluster = Named(root, "clusters", Scalar(context, "cluster"), "cluster");
        var user = Named(root, "users", Scalar(context, "user"), "user");

        var server = Scalar(cluster, "server");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw Invalid($"its server {(server ?? "(none)")} is not an https URL");
        }
        if (Scalar(cluster, "insecure-skip-tls-verify") is "true")
        {
            throw Invalid("it sets insecure-skip-tls-verify; the hub checks the API server against the kubeconfig's CA (remove the setting and keep certificate-authority-data)");
        }
        if (Scalar(cluster, "certificate-authority") is not null || Scalar(user, "client-certificate") is not null || Scalar(user, "client-key") is not null
            || Scalar(user, "tokenFile") is not null)
        {
            throw Invalid("it names files; embed them (kubectl config view --minify --flatten > FILE writes one that does)");
        }
        if (user.Children.ContainsKey(new YamlScalarNode("exec")) || user.Children.ContainsKey(new YamlScalarNode("auth-provider")))
        {
            throw Invalid("its user runs a credential plugin (exec or auth-provider), which the hub does not run; use a client certificate or a service account token");
        }
        var ca = Data(cluster, "certificate-authority-data")
            ?? throw Invalid("its cluster has no certificate-authority-data; the hub trusts only the CA the kubeconfig names");
        var certificate = Data(user, "client-certificate-data");
        var key = Data(user, "client-key-data");
        var token = Scalar(user, "token");
        if ((certificate is null) != (key is null))
        {
            throw Invalid("its user has a client certificate without its key (or a key without its certificate)");
        }
        if (certificate is null && string.IsNullOrEmpty(token))
        {
            throw Invalid("its user has neither a client certificate and key nor a token");
        }
        return new KubeCredentials(uri, ca, Scalar(cluster, "tls-server-name"), certificate, key, string.IsNullOrEmpty(token) ? null : token);
    }

    private static YamlMappingNode Load(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw Invalid($"it is not YAML (line {e.Start.Line}: {e.Message})");
        }
        return stream.Documents is [{ RootNode: YamlMappingNode root }] ? root : throw Invalid("it is not one YAML mapping");
    }

    private static YamlMappingNode Named(YamlMappingNode root, string list, string? name, string inner)
    {
        if (root.Children.TryGetValue(new YamlScalarNode(list), out var node) && node is YamlSequenceNode items)
        {
            var entries = items.OfType<YamlMappingNode>().ToList();
            // With no current-context, a kubeconfig of exactly one context, cluster and user is unambiguous.
            var entry = name is null ? (entries.Count == 1 ? entries[0] : null) : entries.FirstOrDefault(e => Scalar(e, "name") == name);
            if (entry is not null && entry.Children.TryGetValue(new YamlScalarNode(inner), out var body) && body is YamlMappingNode mapping)
            {
                return mapping;
            }
        }
        throw Invalid(name is null ? $"it names no current-context and has not exactly one entry in {list}" : $"it has no {inner} {name} in {list}");
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { } text } ? text : null;

    private static string? Data(YamlMappingNode node, string key)
    {
        if (Scalar(node, key) is not { Length: > 0 } base64)
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw Invalid($"its {key} is not base64");
        }
    }

    private static HubException Invalid(string why) => new(HubErrorKind.Invalid, $"the kubeconfig cannot be used: {why}");
}
