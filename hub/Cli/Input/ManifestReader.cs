using System.Text;
using System.Text.Json;

namespace PiController.Hub.Cli.Input;

/// <summary>
/// Turns the texts of <see cref="ManifestFiles"/> into resource documents: YAML (several documents separated by
/// <c>---</c>) or JSON (one object, an array of them, or a kubectl <c>kind: List</c> with <c>items</c>), each in
/// the hub's or the Kubernetes shape (<see cref="ManifestShape"/>), each checked by the hub's own rules
/// (<see cref="ManifestCheck"/>). All or nothing: the first problem anywhere is an error naming the file, the
/// document and the line, and no document is returned.
/// </summary>
internal static class ManifestReader
{
    public static IReadOnlyList<Manifest> Read(IReadOnlyList<ManifestText> texts)
    {
        var manifests = new List<Manifest>();
        foreach (var text in texts)
        {
            foreach (var (value, where) in Documents(text))
            {
                try
                {
                    var manifest = ManifestShape.ToHub(value, where);
                    ManifestCheck.Validate(manifest);
                    if (manifests.FirstOrDefault(m => m.Kind == manifest.Kind && m.Name == manifest.Name) is { } twice)
                    {
                        throw new InputException($"{manifest.Reference} is also in {twice.Where}; keep one");
                    }
                    manifests.Add(manifest);
                }
                catch (InputException e)
                {
                    throw new CliException($"{where}: {e.Message}; nothing was changed");
                }
            }
        }
        if (manifests.Count == 0)
        {
            throw new CliException($"{string.Join(", ", texts.Select(t => t.Source))}: no resource documents found");
        }
        return manifests;
    }

    /// <summary>Each object of a text with its place: "led.yaml, document 2 (line 7)", "all.json, item 3".</summary>
    private static IEnumerable<(JsonElement Value, string Where)> Documents(ManifestText text)
    {
        var json = text.Json ?? text.Text.TrimStart().StartsWith('{') || text.Text.TrimStart().StartsWith('[');
        IReadOnlyList<(JsonElement Value, int Line)> roots;
        try
        {
            roots = json ? [(ParseJson(text.Text), 0)] : YamlJson.Read(text.Text);
        }
        catch (InputException e)
        {
            throw new CliException($"{text.Source}: {e.Message}; nothing was changed");
        }
        for (var d = 0; d < roots.Count; d++)
        {
            var (root, line) = roots[d];
            var place = json ? text.Source : $"{text.Source}, document {d + 1} (line {line})";
            var items = Items(root, place);
            for (var i = 0; i < items.Count; i++)
            {
                yield return (items[i], items.Count == 1 && root.ValueKind == JsonValueKind.Object && !IsList(root) ? place : $"{place}, item {i + 1}");
            }
        }
    }

    /// <summary>A document, or the items of an array or of a kubectl List.</summary>
    private static IReadOnlyList<JsonElement> Items(JsonElement root, string place)
    {
        if (IsList(root))
        {
            return root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
                ? [.. items.EnumerateArray()]
                : throw new CliException($"{place}: a List needs \"items\", an array of resource documents; nothing was changed");
        }
        return root.ValueKind switch
        {
            JsonValueKind.Object => [root],
            JsonValueKind.Array => [.. root.EnumerateArray()],
            _ => throw new CliException($"{place}: expected a resource document (a mapping with kind, name, node and spec), got {Describe(root)}; nothing was changed"),
        };
    }

    private static bool IsList(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "List";

    private static JsonElement ParseJson(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, HubJsonContext.Default.JsonElement);
        }
        catch (JsonException e)
        {
            throw new InputException($"not JSON: {Api.JsonBody.Describe(e, Encoding.UTF8.GetBytes(text), null)}");
        }
    }

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the text \"{value.GetString()}\"",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "a mapping",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };
}
