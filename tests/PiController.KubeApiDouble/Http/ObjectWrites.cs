using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Patching;
using PiController.KubeApiDouble.Storage;

namespace PiController.KubeApiDouble.Http;

/// <summary>
/// Create, update (PUT) and patch as the API server runs them: identity checks against the path, the strategy's
/// status rules, schema validation, managedFields, then the store (or nothing with dryRun=All). A patch without a
/// resourceVersion of its own is retried on a conflict, as the API server retries it.
/// </summary>
internal static class ObjectWrites
{
    private const int PatchAttempts = 8;

    public static async Task<JsonObject> CreateAsync(ApiRequest r)
    {
        var body = await JsonOutput.ReadObjectAsync(r.Context);
        return Create(r, body);
    }

    public static JsonObject Create(ApiRequest r, JsonObject body)
    {
        CheckIdentity(r, body);
        Strategy.PrepareForCreate(r.Kind, body);
        body = Validation.Check(r, body);
        ManagedFields.RecordUpdate(body, null, r.Manager, r.ApiVersion, r.Store.Time.GetUtcNow(), r.Subresource);
        return r.Store.Create(r.Kind, body, r.DryRun);
    }

    public static async Task<JsonObject> UpdateAsync(ApiRequest r)
    {
        var body = await JsonOutput.ReadObjectAsync(r.Context);
        CheckIdentity(r, body);
        var old = r.Store.Read(r.Kind, r.Namespace, r.Name!);
        return Replace(r, old, body);
    }

    /// <summary>Applies a patch to the current object, retrying on a conflict unless the patch names a resourceVersion.</summary>
    public static async Task<(JsonObject Result, bool Created)> PatchAsync(ApiRequest r)
    {
        var contentType = r.Context.Request.ContentType ?? "";
        var patch = await JsonOutput.ReadBodyAsync(r.Context);
        if (contentType.StartsWith("application/apply-patch", StringComparison.Ordinal))
        {
            return ServerSideApply.Apply(r, patch as JsonObject ?? throw ApiStatusException.BadRequest("an apply patch is a whole object"));
        }
        Func<JsonNode, JsonNode?> apply = contentType.Split(';')[0].Trim() switch
        {
            "application/merge-patch+json" => old => MergePatch.Apply(old, patch),
            "application/json-patch+json" => old => JsonPatch.Apply(old, patch),
            "application/strategic-merge-patch+json" when !r.Kind.IsCustom => old => StrategicMergePatch.Apply(old, patch),
            "application/strategic-merge-patch+json" => throw new ApiStatusException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"),
            _ => throw new ApiStatusException(415, "UnsupportedMediaType",
                $"the patch content type \"{contentType}\" is not supported: use application/merge-patch+json, application/json-patch+json, application/strategic-merge-patch+json or application/apply-patch+yaml"),
        };
        var pinned = patch is JsonObject changes && changes["metadata"]?["resourceVersion"] is not null;
        for (var attempt = 1; ; attempt++)
        {
            var old = r.Store.Read(r.Kind, r.Namespace, r.Name!);
            var patched = apply(old.DeepClone()) as JsonObject ?? throw new ApiStatusException(422, "Invalid", "the patch does not leave an object");
            if (!pinned)
            {
                Meta.Of(patched)["resourceVersion"] = Meta.Text(old, "resourceVersion");
            }
            try
            {
                return (Replace(r, old, patched), false);
            }
            catch (ApiStatusException conflict) when (conflict.Code == 409 && conflict.Reason == "Conflict" && !pinned && attempt < PatchAttempts)
            {
                // Someone wrote in between: apply the patch again to what is there now.
            }
        }
    }

    public static JsonObject Replace(ApiRequest r, JsonObject old, JsonObject proposed)
    {
        CheckIdentity(r, proposed);
        var result = Strategy.PrepareForUpdate(r.Kind, old, proposed, r.Subresource);
        result = Validation.Check(r, result);
        ManagedFields.RecordUpdate(result, old, r.Manager, r.ApiVersion, r.Store.Time.GetUtcNow(), r.Subresource);
        return r.Store.Replace(r.Kind, result, r.DryRun);
    }

    /// <summary>Checks the body's kind, name and namespace against the request, and fills what the body leaves out.</summary>
    public static void CheckIdentity(ApiRequest r, JsonObject body)
    {
        if (body["kind"]?.ToString() is { } kind && kind != r.Kind.Kind && r.Subresource != "eviction")
        {
            throw ApiStatusException.BadRequest($"the body is a {kind}, but the request is for {r.Kind.Plural}: send a {r.Kind.Kind}");
        }
        body["apiVersion"] = r.ApiVersion;
        body["kind"] = r.Kind.Kind;
        var meta = Meta.Of(body);
        if (r.Name is not null && Meta.Name(body) is { Length: > 0 } name && name != r.Name)
        {
            throw ApiStatusException.BadRequest($"the name of the object ({name}) does not match the name on the URL ({r.Name})");
        }
        if (r.Name is not null)
        {
            meta["name"] = r.Name;
        }
        if (!r.Kind.Namespaced)
        {
            return;
        }
        if (Meta.Namespace(body) is { Length: > 0 } ns && r.Namespace is not null && ns != r.Namespace)
        {
            throw ApiStatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        meta["namespace"] = r.Namespace ?? Meta.Namespace(body) ?? throw ApiStatusException.BadRequest("a namespaced object needs a namespace in its path");
    }
}
