using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Storage;

namespace PiController.KubeApiDouble.Http;

/// <summary>The CRD fields the API server insists on: group, names (plural, kind), scope, served versions with exactly one storage version, and the name PLURAL.GROUP.</summary>
internal static class CrdRules
{
    public static void Check(JsonObject crd)
    {
        var errors = new List<(string, string, string)>();
        var spec = crd["spec"] as JsonObject;
        var group = spec?["group"]?.ToString();
        var plural = spec?["names"]?["plural"]?.ToString();
        if (string.IsNullOrEmpty(group))
        {
            errors.Add(("spec.group", "FieldValueRequired", "Required value"));
        }
        if (string.IsNullOrEmpty(plural))
        {
            errors.Add(("spec.names.plural", "FieldValueRequired", "Required value"));
        }
        if (string.IsNullOrEmpty(spec?["names"]?["kind"]?.ToString()))
        {
            errors.Add(("spec.names.kind", "FieldValueRequired", "Required value"));
        }
        if (spec?["scope"]?.ToString() is not ("Namespaced" or "Cluster"))
        {
            errors.Add(("spec.scope", "FieldValueNotSupported", $"Unsupported value: \"{spec?["scope"]}\": supported values: \"Cluster\", \"Namespaced\""));
        }
        var versions = spec?["versions"] as JsonArray ?? [];
        if (versions.Count(v => JsonValues.Bool(v?["storage"])) != 1)
        {
            errors.Add(("spec.versions", "FieldValueInvalid", "Invalid value: must have exactly one version marked as storage version"));
        }
        if (versions.Any(v => string.IsNullOrEmpty(v?["name"]?.ToString())))
        {
            errors.Add(("spec.versions.name", "FieldValueRequired", "Required value"));
        }
        var name = Meta.Name(crd);
        if (group is not null && plural is not null && name != plural + "." + group)
        {
            errors.Add(("metadata.name", "FieldValueInvalid", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group"));
        }
        if (errors.Count > 0)
        {
            throw ApiStatusException.Invalid("CustomResourceDefinition", "apiextensions.k8s.io", name, errors);
        }
    }
}
