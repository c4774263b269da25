using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PiController.Hub.Cli.Contexts;

/// <summary>
/// The client config's YAML, by hand over YamlDotNet's representation model (no reflection: the hub is AOT):
/// <code>
/// current-context: home
/// contexts:
/// - name: home
///   hub: https://pi-hub.local:8443
///   ca-fingerprint: 3f2a...
///   token-file: tokens/home.token     # or token-env: HOME_HUB_TOKEN
/// </code>
/// Unknown keys and a token written inline are refused with the line they are on.
/// </summary>
internal static class ClientConfigYaml
{
    public static ClientConfig Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return ClientConfig.Empty;
        }
        var root = Mapping(stream.Documents[0].RootNode, "the config");
        string? current = null;
        var contexts = new List<HubContext>();
        foreach (var (key, value) in root.Children)
        {
            switch (Scalar(key, "a key"))
            {
                case "current-context":
                    current = Scalar(value, "current-context");
                    break;
                case "contexts":
                    if (value is not YamlSequenceNode list)
                    {
                        throw Error(value, "contexts must be a list");
                    }
                    contexts.AddRange(list.Children.Select(ParseContext));
                    break;
                case var other:
                    throw Error(key, $"unknown key \"{other}\" (known: current-context, contexts)");
            }
        }
        var duplicate = contexts.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new YamlException($"two contexts are named \"{duplicate.Key}\"");
        }
        return new ClientConfig(current is { Length: > 0 } ? current : null, contexts);
    }

    private static HubContext ParseContext(YamlNode node)
    {
        var map = Mapping(node, "a context");
        string? name = null, hub = null, fingerprint = null, tokenFile = null, tokenEnv = null;
        foreach (var (key, value) in map.Children)
        {
            switch (Scalar(key, "a key"))
            {
                case "name": name = Scalar(value, "name"); break;
                case "hub": hub = Scalar(value, "hub"); break;
                case "ca-fingerprint": fingerprint = Scalar(value, "ca-fingerprint"); break;
                case "token-file": tokenFile = Scalar(value, "token-file"); break;
                case "token-env": tokenEnv = Scalar(value, "token-env"); break;
                case "token":
                    throw Error(key, "a token is not kept in the config; put it in a file (token-file, mode 0600) or a variable (token-env)");
                case var other:
                    throw Error(key, $"unknown key \"{other}\" (known: name, hub, ca-fingerprint, token-file, token-env)");
            }
        }
        if (name is null || !HubContext.IsValidName(name))
        {
            throw Error(node, $"a context needs a name of {HubContext.NameRule}");
        }
        if (hub is null || !Uri.TryCreate(hub, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw Error(node, $"context \"{name}\" needs hub: an https:// address");
        }
        if (fingerprint is null || CaFingerprints.Normalize(fingerprint) is not { } pin)
        {
            throw Error(node, $"context \"{name}\" needs ca-fingerprint: the 64 hex digits of the hub CA's SHA-256");
        }
        if ((tokenFile is null) == (tokenEnv is null))
        {
            throw Error(node, $"context \"{name}\" needs one of token-file or token-env");
        }
        return new HubContext(name, uri, pin, tokenFile, tokenEnv);
    }

    public static string Write(ClientConfig config)
    {
        var root = new YamlMappingNode();
        if (config.CurrentContext is { } current)
        {
            root.Add("current-context", current);
        }
        var contexts = new YamlSequenceNode();
        foreach (var context in config.Contexts)
        {
            var map = new YamlMappingNode { { "name", context.Name }, { "hub", context.Hub.ToString().TrimEnd('/') }, { "ca-fingerprint", context.CaFingerprint } };
            map.Add(context.TokenFile is null ? "token-env" : "token-file", context.TokenFile ?? context.TokenEnvironment!);
            contexts.Add(map);
        }
        root.Add("contexts", contexts);
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString().TrimEnd();
        // The emitter ends a document with "..."; one document needs no end marker.
        return (text.EndsWith("...", StringComparison.Ordinal) ? text[..^3].TrimEnd() : text) + "\n";
    }

    /// <summary>YamlDotNet's message without its position prefix ("(Line: 3, Col: 1, Idx: 20) - (...): ").</summary>
    public static string Message(YamlException e)
    {
        var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && marker > 0 ? message[(marker + 3)..] : message;
    }

    private static YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of key: value");

    private static string Scalar(YamlNode node, string what) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(node, $"{what} must be a plain value");

    private static YamlException Error(YamlNode node, string message) => new(node.Start, node.End, message);
}
