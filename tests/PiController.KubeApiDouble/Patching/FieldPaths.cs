using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Patching;

/// <summary>
/// Fields of an object as managedFields count them: the path of every leaf (a scalar, a list, or an empty object),
/// outside what the server owns (identity, resourceVersion, timestamps, managedFields). Lists are atomic here.
/// A write to /status covers status alone; a write to the main resource of a kind with a status subresource, all but status.
/// </summary>
internal static class FieldPaths
{
    public const char Separator = '\u001f';

    private static readonly HashSet<string> ServerOwned = new(StringComparer.Ordinal)
    {
        "apiVersion", "kind", "metadata" + Separator + "name", "metadata" + Separator + "namespace", "metadata" + Separator + "uid",
        "metadata" + Separator + "resourceVersion", "metadata" + Separator + "generation", "metadata" + Separator + "creationTimestamp",
        "metadata" + Separator + "deletionTimestamp", "metadata" + Separator + "deletionGracePeriodSeconds", "metadata" + Separator + "managedFields",
        "metadata" + Separator + "selfLink",
    };

    public static HashSet<string> Leaves(JsonObject obj, string? subresource, bool hasStatus)
    {
        var leaves = new HashSet<string>(StringComparer.Ordinal);
        Walk(obj, "", leaves);
        leaves.RemoveWhere(p => ServerOwned.Contains(p) || !InScope(p, subresource, hasStatus));
        return leaves;
    }

    public static bool InScope(string path, string? subresource, bool hasStatus)
    {
        var status = path == "status" || path.StartsWith("status" + Separator, StringComparison.Ordinal);
        return subresource == "status" ? status : !(hasStatus && status);
    }

    public static JsonNode? Get(JsonNode? node, string path)
    {
        foreach (var step in path.Split(Separator))
        {
            node = node is JsonObject o ? o[step] : null;
        }
        return node;
    }

    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var steps = path.Split(Separator);
        var node = root;
        foreach (var step in steps[..^1])
        {
            node = node[step] as JsonObject ?? (JsonObject)(node[step] = new JsonObject());
        }
        node[steps[^1]] = value;
    }

    public static void Remove(JsonObject root, string path)
    {
        var steps = path.Split(Separator);
        var node = root;
        foreach (var step in steps[..^1])
        {
            if (node[step] is not JsonObject next)
            {
                return;
            }
            node = next;
        }
        node.Remove(steps[^1]);
    }

    /// <summary>The set as managedFields' FieldsV1 (<c>{"f:spec":{"f:replicas":{}}}</c>).</summary>
    public static JsonObject ToFieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var step in path.Split(Separator))
            {
                node = node["f:" + step] as JsonObject ?? (JsonObject)(node["f:" + step] = new JsonObject());
            }
        }
        return root;
    }

    /// <summary>A FieldsV1 set; entries below a list ("k:", "v:", "i:") or "." count as the field that holds them.</summary>
    public static HashSet<string> FromFieldsV1(JsonObject? fields)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        Read(fields ?? [], "", paths);
        return paths;
    }

    private static void Read(JsonObject fields, string prefix, HashSet<string> paths)
    {
        var children = fields.Where(p => p.Key.StartsWith("f:", StringComparison.Ordinal)).ToList();
        if (prefix.Length > 0 && (children.Count == 0 || fields.Any(p => !p.Key.StartsWith("f:", StringComparison.Ordinal))))
        {
            paths.Add(prefix);
        }
        foreach (var (key, value) in children)
        {
            Read(value as JsonObject ?? [], prefix.Length == 0 ? key[2..] : prefix + Separator + key[2..], paths);
        }
    }

    private static void Walk(JsonObject obj, string prefix, HashSet<string> leaves)
    {
        foreach (var (key, value) in obj)
        {
            var path = prefix.Length == 0 ? key : prefix + Separator + key;
            if (value is JsonObject child && child.Count > 0)
            {
                Walk(child, path, leaves);
            }
            else
            {
                leaves.Add(path);
            }
        }
    }

    /// <summary>A path as Kubernetes prints it in a conflict: .spec.replicas.</summary>
    public static string Display(string path) => "." + path.Replace(Separator, '.');
}
