using System.Globalization;
using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Tables;

/// <summary>
/// The JSONPath of printer columns as CRDs write them: <c>.spec.pin</c>, <c>.items[0].name</c>,
/// <c>.status.conditions[?(@.type=="Ready")].status</c>; the first value found, or null.
/// </summary>
internal static class SimpleJsonPath
{
    public static JsonNode? Evaluate(JsonNode? node, string path)
    {
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1];
        }
        var i = 0;
        if (text.StartsWith('$'))
        {
            i = 1;
        }
        while (i < text.Length && node is not null)
        {
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] is not ('.' or '['))
                {
                    end++;
                }
                node = node is JsonObject o ? o[text[(i + 1)..end]] : null;
                i = end;
            }
            else if (text[i] == '[')
            {
                var close = Close(text, i);
                node = Index(node, text[(i + 1)..close]);
                i = close + 1;
            }
            else
            {
                return null;
            }
        }
        return node;
    }

    private static int Close(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] == '[' ? 1 : text[i] == ']' ? -1 : 0;
            if (depth == 0)
            {
                return i;
            }
        }
        return text.Length - 1;
    }

    private static JsonNode? Index(JsonNode node, string inside)
    {
        if (node is not JsonArray list)
        {
            return node is JsonObject o ? o[inside.Trim('\'', '"')] : null;
        }
        if (inside is "*" or "0:")
        {
            return list.FirstOrDefault();
        }
        if (int.TryParse(inside, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            index = index < 0 ? list.Count + index : index;
            return index >= 0 && index < list.Count ? list[index] : null;
        }
        if (inside.StartsWith("?(@", StringComparison.Ordinal) && inside.EndsWith(')'))
        {
            var condition = inside[3..^1];
            var eq = condition.IndexOf("==", StringComparison.Ordinal);
            if (eq < 0)
            {
                return list.FirstOrDefault(item => Evaluate(item, condition) is not null);
            }
            var left = condition[..eq].Trim();
            var right = condition[(eq + 2)..].Trim().Trim('"', '\'');
            return list.FirstOrDefault(item => Evaluate(item, left)?.ToString() == right);
        }
        return null;
    }
}
