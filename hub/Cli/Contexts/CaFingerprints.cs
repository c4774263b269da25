namespace PiController.Hub.Cli.Contexts;

/// <summary>A CA fingerprint as people paste it (upper case, with colons) made into the 64 lower-case hex digits the pin compares.</summary>
internal static class CaFingerprints
{
    public static string? Normalize(string text)
    {
        var hex = text.Trim().Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigit) ? hex : null;
    }
}
