using PiController.Protocol.Text;

namespace PiController.Hub.Api;

/// <summary>
/// Checks on free text that arrives from outside: what API callers send (refused when unsafe) and what agents and
/// the network report (hostnames, models, kernels, mDNS records: kept, but capped and escaped). Either way it ends
/// up in lists, tables, logs and the audit log, where a line break, an escape sequence or a bidi override could
/// forge or hide what an operator reads.
/// </summary>
internal static class TextRules
{
    /// <summary>The longest time to live a token may have (ten years); longer is almost surely a unit mistake.</summary>
    public const long MaxTtlSeconds = 10L * 365 * 24 * 3600;

    /// <summary>Null if <paramref name="value"/> is acceptable, else what is wrong with it.</summary>
    public static string? Label(string? value, string field, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? $"{field} is required" : null;
        }
        if (value.Length > maxLength)
        {
            return $"{field} is {value.Length} characters long; at most {maxLength} are allowed";
        }
        return HasUnsafeCharacters(value)
            ? $"{field} must not contain control characters (line breaks, tabs, escapes) or formatting characters (bidi overrides, zero-width characters)"
            : null;
    }

    /// <summary>
    /// True for a character that changes how text around it is shown rather than being shown itself: C0/C1 controls
    /// (line breaks, tabs, ESC), format characters (bidi embeddings, overrides and isolates, zero-width joiners, BOM),
    /// line and paragraph separators, and a surrogate without its pair (checked by the caller).
    /// </summary>
    public static bool IsUnsafe(char c) => PrintableText.NeedsEscape(c);

    public static bool HasUnsafeCharacters(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(value[i]) || char.IsSurrogate(value[i]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Text reported by an agent or seen on the network, made safe to keep and show: escaped as
    /// <see cref="PrintableText.Escape(string?)"/> does for terminals, and cut to <paramref name="maxLength"/>
    /// characters ("…" marks a cut, never inside an escape or a surrogate pair). Null becomes "".
    /// </summary>
    public static string Reported(string? value, int maxLength) => PrintableText.Truncate(value, maxLength);

    /// <summary>Null if <paramref name="ttlSeconds"/> is absent or in range, else what is wrong with it.</summary>
    public static string? TimeToLive(long? ttlSeconds) => ttlSeconds switch
    {
        null => null,
        <= 0 => $"ttlSeconds must be positive, got {ttlSeconds}; leave it out for a token that does not expire",
        > MaxTtlSeconds => $"ttlSeconds must be at most {MaxTtlSeconds} (ten years), got {ttlSeconds}",
        _ => null,
    };

    /// <summary>
    /// At most <paramref name="maxLength"/> characters of a caller's text, for quoting it in a message: an answer
    /// never echoes a whole body or value back.
    /// </summary>
    public static string Excerpt(string? value, int maxLength = 64) =>
        value is null ? "" : value.Length <= maxLength ? value : string.Concat(value.AsSpan(0, maxLength), $"… ({value.Length} characters)");
}
