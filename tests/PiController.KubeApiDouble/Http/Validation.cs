using Microsoft.AspNetCore.Http;
using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Resources;
using PiController.KubeApiDouble.Schema;
using PiController.KubeApiDouble.Storage;

namespace PiController.KubeApiDouble.Http;

/// <summary>
/// Validation before a write: a custom resource against its version's schema (422 Invalid with field paths;
/// undeclared fields pruned, warned about, or refused with fieldValidation=Strict as kubectl asks), a CRD for the
/// fields the double needs to serve it, and any object for a name.
/// </summary>
internal static class Validation
{
    public static JsonObject Check(ApiRequest r, JsonObject obj)
    {
        var name = Meta.Name(obj);
        if (name.Length == 0 && Meta.Text(obj, "generateName") is not { Length: > 0 })
        {
            throw ApiStatusException.Invalid(r.Kind.Kind, r.Kind.Group, "", [("metadata.name", "FieldValueRequired", "Required value: name or generateName is required")]);
        }
        if (name.Contains('/', StringComparison.Ordinal) || name.Length > 253)
        {
            throw ApiStatusException.Invalid(r.Kind.Kind, r.Kind.Group, name, [("metadata.name", "FieldValueInvalid", $"Invalid value: \"{name}\": a name may not contain '/' nor exceed 253 characters")]);
        }
        if (r.Kind == BuiltInKinds.CustomResourceDefinitions)
        {
            CrdRules.Check(obj);
        }
        if (r.Kind.IsCustom && r.Kind.Schema(r.Version) is { } schema)
        {
            var mode = r.Query("fieldValidation") ?? "Warn";
            var result = SchemaValidator.Validate(obj, schema, prune: true);
            if (result.Unknown.Count > 0 && mode == "Strict")
            {
                throw ApiStatusException.BadRequest($"{r.Kind.Kind} in version \"{r.Version}\" cannot be handled as a {r.Kind.Kind}: strict decoding error: "
                    + string.Join(", ", result.Unknown.Select(u => $"unknown field \"{u}\"")));
            }
            if (result.Unknown.Count > 0 && mode == "Warn")
            {
                foreach (var field in result.Unknown)
                {
                    r.Context.Response.Headers.Append("Warning", $"299 - \"unknown field \\\"{field}\\\"\"");
                }
            }
            if (result.Errors.Count > 0)
            {
                throw ApiStatusException.Invalid(r.Kind.Kind, r.Kind.Group, name, result.Errors);
            }
        }
        return obj;
    }
}
