using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Resources;

namespace PiController.KubeApiDouble.Selectors;

/// <summary>
/// A fieldSelector (<c>metadata.name=x,spec.nodeName=n,status.phase!=Failed</c>) over the fields the API server
/// indexes for each kind: metadata.name and metadata.namespace for all, and the few per kind that kubectl and
/// controllers ask for. Any other field is refused, as the API server refuses it.
/// </summary>
internal sealed class FieldSelector(IReadOnlyList<(string Path, bool Equal, string Value)> terms)
{
    private static readonly Dictionary<string, string[]> Indexed = new(StringComparer.Ordinal)
    {
        ["pods"] = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"],
        ["events"] = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
            "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
        ["nodes"] = ["spec.unschedulable"],
        ["namespaces"] = ["status.phase"],
        ["secrets"] = ["type"],
    };

    public static readonly FieldSelector Everything = new([]);

    public bool Matches(JsonObject obj) => terms.All(t => (Value(obj, t.Path) == t.Value) == t.Equal);

    /// <exception cref="ApiStatusException">400: a field the kind does not index, or a term that is not field=value.</exception>
    public static FieldSelector Parse(string? text, ResourceKind kind)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var terms = new List<(string, bool, string)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var notEqual = part.IndexOf("!=", StringComparison.Ordinal);
            var equal = part.IndexOf('=', StringComparison.Ordinal);
            if (equal <= 0)
            {
                throw ApiStatusException.BadRequest($"invalid field selector \"{text}\": \"{part}\" is not field=value or field!=value");
            }
            var path = notEqual > 0 ? part[..notEqual] : part[..equal].TrimEnd('=');
            var value = part[(equal + 1)..].TrimStart('=');
            if (path is not ("metadata.name" or "metadata.namespace") && !(Indexed.TryGetValue(kind.Plural, out var fields) && fields.Contains(path)))
            {
                throw ApiStatusException.BadRequest($"field label not supported: {path}");
            }
            terms.Add((path, notEqual < 0, value));
        }
        return new FieldSelector(terms);
    }

    private static string Value(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var step in path.Split('.'))
        {
            node = node is JsonObject o ? o[step] : null;
        }
        // source is the event's source.component; an absent field compares as "".
        if (path == "source" && obj["source"] is JsonObject source)
        {
            return source["component"]?.ToString() ?? "";
        }
        return node is JsonValue v ? v.ToString() : "";
    }
}
