using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PiController.Hub.Cli.Output;

/// <summary>
/// A JSON element as YAML, with YamlDotNet's low-level emitter (no reflection): block style, empty objects and
/// arrays as <c>{}</c> and <c>[]</c>, lines never folded, and a string quoted only when YAML needs it: when it is
/// empty, when a YAML 1.1 or 1.2 reader would take it for something else ("yes", "null", "0x76", "1.0", a date),
/// or when the emitter finds it cannot be plain (leading spaces, ": ", " #", an indicator first). A string of
/// several lines is a literal block (<c>|</c>).
/// </summary>
internal static partial class YamlText
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "<<", "=",
    };

    /// <summary>The element as one YAML document, with a final line break.</summary>
    public static string Write(JsonElement element)
    {
        using var text = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(text, 2, int.MaxValue);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, element);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    /// <summary>Whether a plain scalar with this text would be read as something other than this string.</summary>
    public static bool LooksLikeAnotherType(string value) =>
        value.Length == 0 || Words.Contains(value) || NumberLike().IsMatch(value);

    private static void Emit(IEmitter emitter, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var empty = !element.EnumerateObject().Any();
                emitter.Emit(new MappingStart(null, null, true, empty ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var property in element.EnumerateObject())
                {
                    String(emitter, property.Name);
                    Emit(emitter, property.Value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                emitter.Emit(new SequenceStart(null, null, true, element.GetArrayLength() == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in element.EnumerateArray())
                {
                    Emit(emitter, item);
                }
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                String(emitter, element.GetString()!);
                break;
            case JsonValueKind.Number:
                emitter.Emit(new Scalar(null, null, element.GetRawText(), ScalarStyle.Plain, true, false));
                break;
            case JsonValueKind.True or JsonValueKind.False:
                emitter.Emit(new Scalar(null, null, element.ValueKind == JsonValueKind.True ? "true" : "false", ScalarStyle.Plain, true, false));
                break;
            default:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void String(IEmitter emitter, string value)
    {
        var style = LooksLikeAnotherType(value) ? ScalarStyle.DoubleQuoted
            : value.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, value, style, style == ScalarStyle.Any, true));
    }

    /// <summary>Numbers of YAML 1.1 and 1.2 (decimal, 0x, 0o, 0b, old octal, sexagesimal, floats, .inf, .nan) and dates: all start so.</summary>
    [GeneratedRegex(@"^[-+]?(\.?[0-9]|\.(inf|Inf|INF|nan|NaN|NAN)$)")]
    private static partial Regex NumberLike();
}
