using PiController.KubeApiDouble.Storage;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PiController.KubeApiDouble.Schema;

/// <summary>
/// A CRD's structural schema (OpenAPI v3 subset) applied to an object, as the API server validates a custom
/// resource: type, nullable, required, properties and additionalProperties, items, enum, minimum/maximum (and
/// exclusive), minLength/maxLength, pattern, minItems/maxItems, x-kubernetes-int-or-string,
/// x-kubernetes-preserve-unknown-fields, oneOf/anyOf/allOf/not. Errors carry the field path and the API server's
/// wording; fields the schema does not declare are collected so the caller can prune them or refuse them.
/// </summary>
internal sealed class SchemaValidator
{
    private readonly List<(string Field, string Type, string Message)> errors = [];
    private readonly List<string> unknown = [];

    public IReadOnlyList<(string Field, string Type, string Message)> Errors => errors;

    public IReadOnlyList<string> Unknown => unknown;

    /// <summary>Validates a whole custom resource; with <paramref name="prune"/>, undeclared fields are removed from it.</summary>
    public static SchemaValidator Validate(JsonObject obj, JsonObject schema, bool prune)
    {
        var validator = new SchemaValidator();
        var properties = schema["properties"] as JsonObject ?? [];
        foreach (var (key, value) in obj.ToList())
        {
            if (key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }
            if (properties[key] is JsonObject property)
            {
                validator.Check(value, property, key, prune);
            }
            else if (!JsonValues.Bool(schema["x-kubernetes-preserve-unknown-fields"]))
            {
                validator.unknown.Add(key);
                if (prune)
                {
                    obj.Remove(key);
                }
            }
        }
        validator.Required(obj, schema, "");
        return validator;
    }

    private void Check(JsonNode? value, JsonObject schema, string path, bool prune)
    {
        if (value is null)
        {
            if (!JsonValues.Bool(schema["nullable"]))
            {
                Invalid(path, "null", $"{path} in body must be of type {schema["type"]?.ToString() ?? "object"}: \"null\"");
            }
            return;
        }
        var kind = TypeOf(value);
        if (JsonValues.Bool(schema["x-kubernetes-int-or-string"]))
        {
            if (kind is not ("integer" or "string"))
            {
                Invalid(path, value.ToJsonString(), $"{path} in body must be of type integer or string: \"{kind}\"");
                return;
            }
        }
        else if (schema["type"]?.ToString() is { } type && type != kind && !(type == "number" && kind == "integer"))
        {
            Invalid(path, "\"" + kind + "\"", $"{path} in body must be of type {type}: \"{kind}\"");
            return;
        }
        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
        {
            errors.Add((path, "FieldValueNotSupported", $"Unsupported value: {value.ToJsonString()}: supported values: {string.Join(", ", options.Select(o => o?.ToJsonString()))}"));
        }
        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, prune);
                break;
            case JsonArray list:
                CheckArray(list, schema, path, prune);
                break;
            default:
                CheckScalar((JsonValue)value, kind, schema, path);
                break;
        }
        Combinators(value, schema, path);
    }

    private void CheckObject(JsonObject obj, JsonObject schema, string path, bool prune)
    {
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        var preserve = JsonValues.Bool(schema["x-kubernetes-preserve-unknown-fields"]);
        foreach (var (key, child) in obj.ToList())
        {
            var childPath = path + "." + key;
            if (properties?[key] is JsonObject property)
            {
                Check(child, property, childPath, prune);
            }
            else if (additional is JsonObject additionalSchema)
            {
                Check(child, additionalSchema, childPath, prune);
            }
            else if (!preserve && additional?.GetValueKind() != JsonValueKind.True && (properties is not null || schema["type"] is not null))
            {
                unknown.Add(childPath);
                if (prune)
                {
                    obj.Remove(key);
                }
            }
        }
        Required(obj, schema, path);
        Count(obj.Count, schema, path, "minProperties", "maxProperties", "properties");
    }

    private void Required(JsonObject obj, JsonObject schema, string path)
    {
        foreach (var required in schema["required"] as JsonArray ?? [])
        {
            if (!obj.ContainsKey(required!.ToString()))
            {
                errors.Add(((path.Length == 0 ? "" : path + ".") + required, "FieldValueRequired", "Required value"));
            }
        }
    }

    private void CheckArray(JsonArray list, JsonObject schema, string path, bool prune)
    {
        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < list.Count; i++)
            {
                Check(list[i], items, $"{path}[{i}]", prune);
            }
        }
        if (schema["maxItems"] is { } max && list.Count > JsonValues.Long(max))
        {
            errors.Add((path, "FieldValueTooMany", $"Too many: {list.Count}: must have at most {max} items"));
        }
        if (schema["minItems"] is { } min && list.Count < JsonValues.Long(min))
        {
            Invalid(path, list.ToJsonString(), $"{path} in body should have at least {min} items");
        }
    }

    private void CheckScalar(JsonValue value, string kind, JsonObject schema, string path)
    {
        if (kind == "string")
        {
            var text = value.GetValue<string>();
            if (schema["maxLength"] is { } max && text.Length > JsonValues.Long(max))
            {
                errors.Add((path, "FieldValueTooLong", $"Too long: may not be more than {max} bytes"));
            }
            if (schema["minLength"] is { } min && text.Length < JsonValues.Long(min))
            {
                Invalid(path, Shown(value), $"{path} in body should be at least {min} chars long");
            }
            if (schema["pattern"]?.ToString() is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                Invalid(path, Shown(value), $"{path} in body should match '{pattern}'");
            }
        }
        else if (kind is "integer" or "number")
        {
            var number = Number(value);
            Bound(number, value, schema, path, "maximum", "exclusiveMaximum", "less than");
            Bound(number, value, schema, path, "minimum", "exclusiveMinimum", "greater than");
        }
    }

    private void Bound(double number, JsonValue value, JsonObject schema, string path, string limitName, string exclusiveName, string words)
    {
        if (schema[limitName] is not { } limit)
        {
            return;
        }
        var bound = Number(limit);
        var exclusive = JsonValues.Bool(schema[exclusiveName]);
        var upper = limitName == "maximum";
        var outside = upper ? (exclusive ? number >= bound : number > bound) : (exclusive ? number <= bound : number < bound);
        if (outside)
        {
            Invalid(path, value.ToJsonString(), $"{path} in body should be {words}{(exclusive ? "" : " or equal to")} {limit.ToJsonString()}");
        }
    }

    private void Combinators(JsonNode value, JsonObject schema, string path)
    {
        int Passing(JsonArray schemas) => schemas.Count(s => Trial(value, s!.AsObject(), path));
        if (schema["oneOf"] is JsonArray oneOf && Passing(oneOf) != 1)
        {
            Invalid(path, Shown(value), $"{path} in body must validate one and only one schema (oneOf)");
        }
        if (schema["anyOf"] is JsonArray anyOf && Passing(anyOf) == 0)
        {
            Invalid(path, Shown(value), $"{path} in body must validate at least one schema (anyOf)");
        }
        if (schema["allOf"] is JsonArray allOf && Passing(allOf) != allOf.Count)
        {
            Invalid(path, Shown(value), $"{path} in body must validate all the schemas (allOf)");
        }
        if (schema["not"] is JsonObject not && Trial(value, not, path))
        {
            Invalid(path, Shown(value), $"{path} in body must not validate the schema (not)");
        }
    }

    /// <summary>Whether the value meets a sub-schema of oneOf/anyOf/allOf/not (undeclared fields do not count there).</summary>
    private static bool Trial(JsonNode value, JsonObject schema, string path)
    {
        var trial = new SchemaValidator();
        trial.Check(value.DeepClone(), schema, path, prune: false);
        return trial.errors.Count == 0;
    }

    private void Count(int count, JsonObject schema, string path, string minName, string maxName, string what)
    {
        if (schema[maxName] is { } max && count > JsonValues.Long(max))
        {
            errors.Add((path, "FieldValueTooMany", $"Too many: {count}: must have at most {max} {what}"));
        }
        if (schema[minName] is { } min && count < JsonValues.Long(min))
        {
            errors.Add((path, "FieldValueInvalid", $"Invalid value: {count}: {path} in body should have at least {min} {what}"));
        }
    }

    private void Invalid(string path, string shown, string why) => errors.Add((path, "FieldValueInvalid", $"Invalid value: {shown}: {why}"));

    private static string Shown(JsonNode value) => value is JsonValue ? value.ToJsonString() : "\"" + TypeOf(value) + "\"";

    private static string TypeOf(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => IsInteger(value) ? "integer" : "number",
        _ => "null",
    };

    private static bool IsInteger(JsonNode value)
    {
        var raw = value.ToJsonString();
        return !raw.Contains('.', StringComparison.Ordinal) && !raw.Contains('e', StringComparison.OrdinalIgnoreCase);
    }

    private static double Number(JsonNode value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
