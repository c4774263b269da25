using PiController.Hub.Api;
namespace PiController.Hub.Nodes;

/// <summary>
/// A Kubernetes equality-based label selector: comma-separated requirements <c>key=value</c> (or <c>==</c>),
/// <c>key!=value</c>, <c>key</c> (the label exists) and <c>!key</c> (it does not). All must hold. An empty
/// selector matches everything.
/// </summary>
internal sealed class LabelSelector
{
    private enum Op
    {
        Equals,
        NotEquals,
        Exists,
        NotExists,
    }

    private readonly record struct Requirement(string Key, Op Op, string Value);

    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements, string text)
    {
        _requirements = requirements;
        Text = text;
    }

    public string Text { get; }

    public bool IsEmpty => _requirements.Count == 0;

    /// <summary>
    /// Parses <paramref name="text"/>; refused (<see cref="HubErrorKind.Invalid"/>) with what is wrong, after
    /// <paramref name="field"/> when given ("node.selector: ...").
    /// </summary>
    public static LabelSelector Parse(string? text, string? field = null) =>
        TryParse(text, out var problem) ?? throw new HubException(HubErrorKind.Invalid, field is null ? problem! : $"{field}: {problem}");

    private static LabelSelector? TryParse(string? text, out string? problem)
    {
        problem = null;
        var requirements = new List<Requirement>();
        foreach (var raw in (text ?? "").Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0)
            {
                if (!string.IsNullOrWhiteSpace(text))
                {
                    problem = $"selector \"{TextRules.Excerpt(text)}\" has an empty requirement; separate requirements with single commas";
                    return null;
                }
                continue;
            }
            Requirement requirement;
            var notEquals = raw.IndexOf("!=", StringComparison.Ordinal);
            var equals = raw.IndexOf('=', StringComparison.Ordinal);
            if (notEquals > 0)
            {
                requirement = new(raw[..notEquals].Trim(), Op.NotEquals, raw[(notEquals + 2)..].Trim());
            }
            else if (equals > 0)
            {
                var valueStart = raw.Length > equals + 1 && raw[equals + 1] == '=' ? equals + 2 : equals + 1;
                requirement = new(raw[..equals].Trim(), Op.Equals, raw[valueStart..].Trim());
            }
            else if (raw.StartsWith('!') && equals < 0)
            {
                requirement = new(raw[1..].Trim(), Op.NotExists, "");
            }
            else if (equals < 0)
            {
                requirement = new(raw, Op.Exists, "");
            }
            else
            {
                problem = $"selector requirement \"{TextRules.Excerpt(raw)}\" has no key; write key=value, key!=value, key or !key";
                return null;
            }
            if ((LabelRules.Key(requirement.Key) ?? LabelRules.Value(requirement.Key, requirement.Value)) is { } bad)
            {
                problem = $"selector requirement \"{TextRules.Excerpt(raw)}\": {bad}";
                return null;
            }
            requirements.Add(requirement);
        }
        return new LabelSelector(requirements, text?.Trim() ?? "");
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r.Op switch
    {
        Op.Equals => labels.TryGetValue(r.Key, out var v) && v == r.Value,
        // As in Kubernetes, != also matches objects that do not have the label.
        Op.NotEquals => !labels.TryGetValue(r.Key, out var v) || v != r.Value,
        Op.Exists => labels.ContainsKey(r.Key),
        _ => !labels.ContainsKey(r.Key),
    });

    public override string ToString() => Text;
}
