using PiController.Hub.Api;
namespace PiController.Hub.Nodes;

/// <summary>
/// Names and labels follow Kubernetes' rules, so the same objects can later become custom resources: a resource
/// name is a DNS label; a label key is an optional DNS-subdomain prefix and "/" and a name of up to 63
/// characters; a value is empty or up to 63 characters of letters, digits, '-', '_' and '.'.
/// </summary>
internal static class LabelRules
{
    /// <summary>Keys under these prefixes are the hub's own (derived from the hardware report).</summary>
    public static IReadOnlyList<string> ReservedPrefixes { get; } = ["pi-controller.io/", "hardware.pi-controller.io/"];

    public static string? Name(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "name is required (lowercase letters, digits and '-', for example porch-light)";
        }
        if (name.Length > 63 || !IsDnsLabel(name))
        {
            return $"name \"{TextRules.Excerpt(name)}\" must be a DNS label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit";
        }
        return null;
    }

    public static string? Key(string key)
    {
        var slash = key.LastIndexOf('/');
        var prefix = slash >= 0 ? key[..slash] : null;
        var name = slash >= 0 ? key[(slash + 1)..] : key;
        if (prefix is not null && (prefix.Length is 0 or > 253 || !prefix.Split('.').All(IsDnsLabel)))
        {
            return $"label key \"{TextRules.Excerpt(key)}\": the prefix before '/' must be a DNS subdomain (example.com)";
        }
        if (name.Length is 0 or > 63 || !IsLabelText(name))
        {
            return $"label key \"{TextRules.Excerpt(key)}\": the name must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
        }
        return null;
    }

    public static string? Value(string key, string value) =>
        value.Length == 0 || (value.Length <= 63 && IsLabelText(value))
            ? null
            : $"label {TextRules.Excerpt(key)}: the value \"{TextRules.Excerpt(value)}\" must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

    /// <summary>Checks user labels; reserved prefixes are refused when <paramref name="allowReserved"/> is false.</summary>
    public static void Check(IReadOnlyDictionary<string, string>? labels, string field, bool allowReserved, List<string> errors)
    {
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            if ((Key(key) ?? Value(key, value ?? "")) is { } problem)
            {
                errors.Add($"{field}: {problem}");
            }
            else if (!allowReserved && ReservedPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
            {
                errors.Add($"{field}: {key} is under {string.Join(" or ", ReservedPrefixes)}, which the hub derives from the hardware report; choose another key");
            }
        }
    }

    /// <summary>Makes free text (a model name such as "Zero 2 W") a valid label value, or null when nothing is left.</summary>
    public static string? ToValue(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var chars = text.Trim().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray();
        var value = new string(chars).Trim('-', '_', '.');
        value = value.Length > 63 ? value[..63].TrimEnd('-', '_', '.') : value;
        return value.Length == 0 ? null : value;
    }

    private static bool IsDnsLabel(string s) =>
        s.Length is > 0 and <= 63 && s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && s[0] != '-' && s[^1] != '-';

    private static bool IsLabelText(string s) =>
        s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        && char.IsAsciiLetterOrDigit(s[0]) && char.IsAsciiLetterOrDigit(s[^1]);
}
