using System.Globalization;
using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Patching;

/// <summary>JSON patch (RFC 6902, application/json-patch+json): add, remove, replace, move, copy and test at JSON pointers.</summary>
internal static class JsonPatch
{
    /// <exception cref="ApiStatusException">400 for a malformed operation, 422 for one that cannot apply (a missing path, a failed test).</exception>
    public static JsonNode Apply(JsonNode document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiStatusException.BadRequest("a JSON patch is an array of operations such as {\"op\":\"replace\",\"path\":\"/spec/x\",\"value\":1}");
        }
        var root = new JsonObject { ["doc"] = document };
        foreach (var operation in operations)
        {
            var op = operation?["op"]?.ToString();
            var path = operation?["path"]?.ToString() ?? throw ApiStatusException.BadRequest("a JSON patch operation has no path");
            switch (op)
            {
                case "add":
                    Add(root, path, operation!["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, operation!["value"]?.DeepClone());
                    break;
                case "move":
                    var moved = Remove(root, From(operation!));
                    Add(root, path, moved);
                    break;
                case "copy":
                    Add(root, path, Find(root, From(operation!))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Find(root, path), operation!["value"]))
                    {
                        throw Unprocessable($"test failed: {path} is not the value given");
                    }
                    break;
                default:
                    throw ApiStatusException.BadRequest($"unknown JSON patch operation \"{op}\": use add, remove, replace, move, copy or test");
            }
        }
        var result = root["doc"]!;
        root.Remove("doc");
        return result;
    }

    private static string From(JsonNode operation) => operation["from"]?.ToString() ?? throw ApiStatusException.BadRequest("a JSON patch move or copy has no from");

    private static (JsonNode Parent, string Last) Parent(JsonObject root, string pointer)
    {
        if (pointer.Length > 0 && pointer[0] != '/')
        {
            throw ApiStatusException.BadRequest($"\"{pointer}\" is not a JSON pointer: it must start with /");
        }
        var steps = ("/doc" + pointer).Split('/').Skip(1).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
        JsonNode? node = root;
        foreach (var step in steps.Take(steps.Count - 1))
        {
            node = Child(node, step) ?? throw Unprocessable($"path {pointer} does not exist");
        }
        return (node!, steps[^1]);
    }

    private static JsonNode? Find(JsonObject root, string pointer)
    {
        var (parent, last) = Parent(root, pointer);
        return Child(parent, last);
    }

    private static JsonNode? Child(JsonNode? node, string step) => node switch
    {
        JsonObject o => o[step],
        JsonArray a when int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
        _ => null,
    };

    private static void Add(JsonObject root, string pointer, JsonNode? value)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Unprocessable($"cannot add at {pointer}");
        }
    }

    private static JsonNode? Remove(JsonObject root, string pointer)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                var value = o[last];
                o.Remove(last);
                return value;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default:
                throw Unprocessable($"path {pointer} does not exist");
        }
    }

    private static ApiStatusException Unprocessable(string message) => new(422, "Invalid", "the JSON patch cannot be applied: " + message);
}
