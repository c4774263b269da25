using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PiController.Hub.Cli.Input;

/// <summary>
/// One YAML scalar as a JSON value, by the YAML 1.2 core schema: a plain scalar may be null, a boolean, an integer
/// or a float; anything quoted or written as a block, or tagged !!str, is a string. (YAML 1.1's yes/no/on/off are
/// strings here, as in 1.2: "mode: on" is not a boolean.)
/// </summary>
internal static partial class YamlScalar
{
    private const string Core = "tag:yaml.org,2002:";

    public static void Write(Scalar scalar, Utf8JsonWriter writer)
    {
        // "?" is the parser's "no tag"; "!" is the non-specific tag, which makes a plain scalar a string.
        var tag = scalar.Tag.IsEmpty || scalar.Tag.Value == "?" ? null : scalar.Tag.Value;
        var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
        var value = scalar.Value;
        switch (tag)
        {
            case null when !plain:
            case "!":
            case Core + "str":
                writer.WriteStringValue(value);
                return;
            case null:
                WritePlain(scalar, value, writer);
                return;
            case Core + "null" when IsNull(value):
                writer.WriteNullValue();
                return;
            case Core + "bool" when Boolean(value) is { } b:
                writer.WriteBooleanValue(b);
                return;
            case Core + "int" when Integer(value) is { } i:
                writer.WriteNumberValue(i);
                return;
            case Core + "float" when Float(scalar, value) is { } f:
                writer.WriteNumberValue(f);
                return;
            default:
                throw YamlJson.At(scalar, tag.StartsWith(Core, StringComparison.Ordinal)
                    ? $"\"{value}\" is not a valid {tag[Core.Length..]}"
                    : $"the tag {tag} is not accepted; remove it (quote the value to keep it a string)");
        }
    }

    private static void WritePlain(Scalar scalar, string value, Utf8JsonWriter writer)
    {
        if (IsNull(value))
        {
            writer.WriteNullValue();
        }
        else if (Boolean(value) is { } b)
        {
            writer.WriteBooleanValue(b);
        }
        else if (Integer(value) is { } i)
        {
            writer.WriteNumberValue(i);
        }
        else if (DecimalInteger().IsMatch(value))
        {
            throw YamlJson.At(scalar, $"the integer {value} is too large; quote it to keep it as text");
        }
        else if (FloatPattern().IsMatch(value) || SpecialFloat().IsMatch(value))
        {
            writer.WriteNumberValue(Float(scalar, value)!.Value);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    private static bool IsNull(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    private static bool? Boolean(string value) => value switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    private static long? Integer(string value)
    {
        if (DecimalInteger().IsMatch(value))
        {
            return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) ? d : null;
        }
        if (value.StartsWith("0x", StringComparison.Ordinal) && value.Length > 2)
        {
            return long.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) && h >= 0 ? h : null;
        }
        if (value.StartsWith("0o", StringComparison.Ordinal) && value.Length > 2 && value[2..].All(c => c is >= '0' and <= '7') && value.Length <= 23)
        {
            return value[2..].Aggregate(0L, (n, c) => checked(n * 8 + (c - '0')));
        }
        return null;
    }

    private static double? Float(Scalar scalar, string value)
    {
        if (SpecialFloat().IsMatch(value))
        {
            throw YamlJson.At(scalar, $"{value} (infinity or not-a-number) cannot be sent as JSON; use a finite number");
        }
        return FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && double.IsFinite(f) ? f : null;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex SpecialFloat();
}
