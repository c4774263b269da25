using System.Globalization;
using System.Text;

namespace PiController.Protocol.Text;

/// <summary>
/// Text that came from the network (a DHCP hostname, an mDNS instance name or TXT value, an agent's report, a hub's
/// error message) made safe to put on a terminal or in a log line: C0 and C1 controls, DEL, the Unicode bidi
/// controls (U+061C, U+200E/F, U+202A-202E, U+2066-2069) and every other format character (zero-width joiners,
/// the BOM), line and paragraph separators and lone surrogates are
/// written as visible escapes (<c>\x1b</c>, <c>\n</c>, <c>\u202e</c>), so such text can neither drive the
/// terminal (clear it, move the cursor, set its title) nor reorder what is shown around it.
/// </summary>
public static class PrintableText
{
    /// <summary>Every character that could act on a terminal or reorder text, escaped; line breaks too.</summary>
    public static string Escape(string? text) => Escape(text, keepLineBreaks: false);

    /// <summary>As <see cref="Escape(string?)"/>, but a '\n' stays a line break: for text of several lines made by us.</summary>
    public static string EscapeKeepingLines(string? text) => Escape(text, keepLineBreaks: true);

    /// <summary>
    /// Escaped, then at most <paramref name="maxLength"/> characters: "…" marks a cut, which never falls inside an
    /// escape or a surrogate pair.
    /// </summary>
    public static string Truncate(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var escaped = Escape(text);
        if (escaped.Length <= maxLength)
        {
            return escaped;
        }
        var cut = new StringBuilder(maxLength);
        var source = text!;
        for (var i = 0; i < source.Length; i++)
        {
            string piece = char.IsHighSurrogate(source[i]) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1])
                ? source.Substring(i++, 2)
                : Escape(source[i].ToString());
            if (cut.Length + piece.Length > maxLength - 1)
            {
                break;
            }
            cut.Append(piece);
        }
        return cut.Append('…').ToString();
    }

    /// <summary>True when <paramref name="c"/> would be escaped.</summary>
    public static bool NeedsEscape(char c) =>
        c < 0x20 || c is >= '\u007f' and <= '\u009f'
        || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static string Escape(string? text, bool keepLineBreaks)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        if (!NeedsWork(text, keepLineBreaks))
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(c).Append(text[++i]);
                continue;
            }
            if (c == '\n' && keepLineBreaks)
            {
                escaped.Append(c);
            }
            else if (char.IsSurrogate(c) || NeedsEscape(c))
            {
                escaped.Append(c switch
                {
                    '\n' => @"\n",
                    '\r' => @"\r",
                    '\t' => @"\t",
                    < '\u0100' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                    _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                });
            }
            else
            {
                escaped.Append(c);
            }
        }
        return escaped.ToString();
    }

    private static bool NeedsWork(string text, bool keepLineBreaks)
    {
        foreach (var c in text)
        {
            if ((NeedsEscape(c) && !(keepLineBreaks && c == '\n')) || char.IsSurrogate(c))
            {
                return true;
            }
        }
        return false;
    }
}
