namespace PiController.Hub.Api;

/// <summary>Checks on free text and durations that callers send: they end up in lists, tables and the audit log.</summary>
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
        return value.Any(char.IsControl) ? $"{field} must not contain control characters (line breaks, tabs, escapes)" : null;
    }

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
