using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Selectors;

/// <summary>
/// A label selector, from a labelSelector query (<c>a=b,c!=d,e in (f,g),h notin (i),j,!k</c>) or a LabelSelector
/// object (matchLabels, matchExpressions). All requirements must hold; an empty selector matches everything.
/// </summary>
internal sealed class LabelSelector(IReadOnlyList<LabelRequirement> requirements)
{
    public static readonly LabelSelector Everything = new([]);

    public static readonly LabelSelector Nothing = new([new LabelRequirement("", LabelOperator.In, [])]);

    public bool Matches(IReadOnlyDictionary<string, string> labels) => requirements.All(r => r.Matches(labels));

    /// <exception cref="ApiStatusException">400 with what is wrong in the selector.</exception>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var requirements = new List<LabelRequirement>();
        foreach (var part in Split(text))
        {
            requirements.Add(ParseOne(part.Trim(), text));
        }
        return new LabelSelector(requirements);
    }

    /// <summary>A metav1.LabelSelector object; null (no selector) matches nothing, as a PodDisruptionBudget's does.</summary>
    public static LabelSelector FromObject(JsonObject? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }
        var requirements = new List<LabelRequirement>();
        foreach (var (key, value) in selector["matchLabels"] as JsonObject ?? [])
        {
            requirements.Add(new LabelRequirement(key, LabelOperator.In, [value?.ToString() ?? ""]));
        }
        foreach (var expression in selector["matchExpressions"] as JsonArray ?? [])
        {
            var values = (expression?["values"] as JsonArray ?? []).Select(v => v?.ToString() ?? "").ToList();
            var op = expression?["operator"]?.ToString() switch
            {
                "In" => LabelOperator.In,
                "NotIn" => LabelOperator.NotIn,
                "Exists" => LabelOperator.Exists,
                _ => LabelOperator.DoesNotExist,
            };
            requirements.Add(new LabelRequirement(expression?["key"]?.ToString() ?? "", op, values));
        }
        return new LabelSelector(requirements);
    }

    private static LabelRequirement ParseOne(string part, string whole)
    {
        var words = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2 && (words[1].StartsWith("in ", StringComparison.Ordinal) || words[1].StartsWith("in(", StringComparison.Ordinal)
            || words[1].StartsWith("notin", StringComparison.Ordinal)))
        {
            var notIn = words[1].StartsWith("notin", StringComparison.Ordinal);
            var list = words[1][(notIn ? 5 : 2)..].Trim();
            if (!list.StartsWith('(') || !list.EndsWith(')'))
            {
                throw Bad(whole, $"expected a list in parentheses after {(notIn ? "notin" : "in")}");
            }
            var values = list[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return new LabelRequirement(words[0], notIn ? LabelOperator.NotIn : LabelOperator.In, values);
        }
        foreach (var (token, op) in new[] { ("!=", LabelOperator.NotIn), ("==", LabelOperator.In), ("=", LabelOperator.In) })
        {
            var at = part.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                return new LabelRequirement(part[..at].Trim(), op, [part[(at + token.Length)..].Trim()]);
            }
        }
        if (part.StartsWith('!') && part.Length > 1)
        {
            return new LabelRequirement(part[1..].Trim(), LabelOperator.DoesNotExist, []);
        }
        if (part.Length > 0 && !part.Contains(' ', StringComparison.Ordinal) && !part.Contains('(', StringComparison.Ordinal))
        {
            return new LabelRequirement(part, LabelOperator.Exists, []);
        }
        throw Bad(whole, $"cannot read \"{part}\"");
    }

    private static IEnumerable<string> Split(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    private static ApiStatusException Bad(string selector, string why) =>
        ApiStatusException.BadRequest($"unable to parse requirement: invalid label selector \"{selector}\": {why}");
}
