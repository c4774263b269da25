using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PiController.KubeApiDouble.Http;

/// <summary>A YAML document (a server-side apply body) as JSON, typing plain scalars as YAML 1.2's core schema does.</summary>
internal static class YamlJson
{
    /// <exception cref="ApiStatusException">400: not one YAML document.</exception>
    public static JsonNode Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw ApiStatusException.BadRequest($"the request body is not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count != 1)
        {
            throw ApiStatusException.BadRequest("the request body must hold exactly one YAML document");
        }
        return Convert(stream.Documents[0].RootNode) ?? throw ApiStatusException.BadRequest("the request body is empty");
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? "", Convert(p.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }
        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && value.Any(char.IsDigit))
        {
            return JsonValue.Create(real);
        }
        return JsonValue.Create(value);
    }
}
