using System.Text.RegularExpressions;

namespace PiController.Hub.Tests.Cli;

/// <summary>
/// What no CLI message or output may contain: a .NET type name ("System.Nullable`1[System.Int64]"), TimeSpan's
/// text ("00:00:10.4998299", "00:05:00"), a locale date ("6/1/2025") or JSON's escaped plus ("\u002B").
/// </summary>
internal static partial class ForbiddenText
{
    /// <summary>The first forbidden piece of <paramref name="text"/>, or null.</summary>
    public static string? Find(string text) => Pattern().Match(text) is { Success: true } m ? m.Value : null;

    [GeneratedRegex(@"System\.[A-Z][A-Za-z]+|`\d\[|(?<![T\d:])\d{1,2}:\d{2}:\d{2}(?![\dZ+-])|\b\d{1,2}/\d{1,2}/\d{4}\b|\\u002[Bb]")]
    private static partial Regex Pattern();
}
