using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PiController.Hub.Api;

/// <summary>
/// Where a <see cref="JsonException"/>'s path leads in the type being read: a member the type has, or one it does
/// not have (an unknown field). Decided from the source-generated contract, never from the exception's wording.
/// </summary>
internal static class JsonPathSchema
{
    /// <summary>
    /// True when <paramref name="path"/> (as <see cref="JsonException.Path"/> writes it: <c>$.spec.pin</c>,
    /// <c>$.items[2].name</c>, <c>$['odd name']</c>) names a property that <paramref name="root"/> does not have at
    /// that place.
    /// </summary>
    public static bool NamesUnknownMember(JsonTypeInfo root, string? path)
    {
        var current = root;
        foreach (var segment in Segments(path))
        {
            if (segment.Index)
            {
                if (current.ElementType is not { } element)
                {
                    return false;
                }
                current = current.Options.GetTypeInfo(element);
                continue;
            }
            switch (current.Kind)
            {
                case JsonTypeInfoKind.Dictionary:
                    // Any key is a member of a dictionary; its values are of the element type.
                    current = current.Options.GetTypeInfo(current.ElementType!);
                    continue;
                case JsonTypeInfoKind.Object:
                    var comparison = current.Options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                    var property = current.Properties.FirstOrDefault(p => string.Equals(p.Name, segment.Name, comparison));
                    if (property is null)
                    {
                        return true;
                    }
                    if (property.PropertyType == typeof(JsonElement) || property.PropertyType == typeof(JsonElement?))
                    {
                        return false;
                    }
                    current = current.Options.GetTypeInfo(property.PropertyType);
                    continue;
                default:
                    return false;
            }
        }
        return false;
    }

    private readonly record struct Segment(string Name, bool Index);

    private static IEnumerable<Segment> Segments(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '$')
        {
            yield break;
        }
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                yield return new Segment(path[(i + 1)..end], Index: false);
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    yield break;
                }
                yield return new Segment(path[(i + 2)..end], Index: false);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                if (end < 0)
                {
                    yield break;
                }
                yield return new Segment(path[(i + 1)..end], Index: true);
                i = end + 1;
            }
            else
            {
                yield break;
            }
        }
    }
}
