using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Disruption;
using PiController.KubeApiDouble.Selectors;
using PiController.KubeApiDouble.Storage;
using PiController.KubeApiDouble.Tables;

namespace PiController.KubeApiDouble.Http;

/// <summary>The verbs on a resource path: get, list, watch, create, update, patch, delete, deletecollection, and the eviction subresource.</summary>
internal static class ResourceHandler
{
    public static async Task HandleAsync(ApiRequest r)
    {
        var method = r.Context.Request.Method;
        switch (method)
        {
            case "GET" when r.Name is null && r.Flag("watch"):
                await WatchStream.RunAsync(r);
                break;
            case "GET" when r.Name is null:
                await ListAsync(r);
                break;
            case "GET":
                await AnswerAsync(r, 200, r.Store.Read(r.Kind, r.Namespace, r.Name));
                break;
            case "POST" when r.Subresource == "eviction":
                await Eviction.RunAsync(r);
                break;
            case "POST" when r.Name is null:
                await AnswerAsync(r, 201, await ObjectWrites.CreateAsync(r));
                break;
            case "PUT" when r.Name is not null:
                await AnswerAsync(r, 200, await ObjectWrites.UpdateAsync(r));
                break;
            case "PATCH" when r.Name is not null:
                var (patched, created) = await ObjectWrites.PatchAsync(r);
                await AnswerAsync(r, created ? 201 : 200, patched);
                break;
            case "DELETE" when r.Name is not null && r.Subresource is null:
                await DeleteAsync(r);
                break;
            case "DELETE" when r.Name is null:
                await DeleteCollectionAsync(r);
                break;
            default:
                throw new ApiStatusException(405, "MethodNotAllowed", $"{method} is not supported on {r.Context.Request.Path}");
        }
    }

    /// <summary>The object at the requested version, or a one-row Table for kubectl.</summary>
    public static Task AnswerAsync(ApiRequest r, int code, JsonObject obj) =>
        JsonOutput.WriteAsync(r.Context, code, r.WantsTable ? TableView.Build(r, [obj], Meta.Text(obj, "resourceVersion") ?? "") : Present(r, obj));

    /// <summary>The object as served at the requested group/version.</summary>
    public static JsonObject Present(ApiRequest r, JsonObject obj)
    {
        var shown = new JsonObject { ["apiVersion"] = r.ApiVersion, ["kind"] = r.Kind.Kind };
        foreach (var (key, value) in obj)
        {
            if (key is not ("apiVersion" or "kind"))
            {
                shown[key] = value?.DeepClone();
            }
        }
        return shown;
    }

    private static async Task ListAsync(ApiRequest r)
    {
        var labels = LabelSelector.Parse(r.Query("labelSelector"));
        var fields = FieldSelector.Parse(r.Query("fieldSelector"), r.Kind);
        var (items, version) = r.Store.ReadAll(r.Kind, r.Namespace);
        var selected = items.Where(o => labels.Matches(Meta.Labels(o)) && fields.Matches(o)).ToList();
        var rv = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (r.WantsTable)
        {
            await JsonOutput.WriteAsync(r.Context, 200, TableView.Build(r, selected, rv));
            return;
        }
        await JsonOutput.WriteAsync(r.Context, 200, new JsonObject
        {
            ["kind"] = r.Kind.ListKind,
            ["apiVersion"] = r.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = rv },
            ["items"] = new JsonArray(selected.Select(o => (JsonNode)Present(r, o)).ToArray()),
        });
    }

    private static async Task DeleteAsync(ApiRequest r)
    {
        var options = r.Context.Request.ContentLength > 0 ? await JsonOutput.ReadObjectAsync(r.Context) : [];
        var dryRun = r.DryRun || (options["dryRun"] as JsonArray ?? []).Any(d => d?.ToString() == "All");
        var preconditions = options["preconditions"];
        var result = r.Store.Remove(r.Kind, r.Namespace, r.Name!, dryRun, preconditions?["uid"]?.ToString(), preconditions?["resourceVersion"]?.ToString());
        await AnswerAsync(r, 200, result);
    }

    private static async Task DeleteCollectionAsync(ApiRequest r)
    {
        var labels = LabelSelector.Parse(r.Query("labelSelector"));
        var fields = FieldSelector.Parse(r.Query("fieldSelector"), r.Kind);
        var (items, _) = r.Store.ReadAll(r.Kind, r.Namespace);
        var deleted = new JsonArray();
        foreach (var obj in items.Where(o => labels.Matches(Meta.Labels(o)) && fields.Matches(o)))
        {
            try
            {
                deleted.Add((JsonNode)Present(r, r.Store.Remove(r.Kind, Meta.Namespace(obj), Meta.Name(obj), r.DryRun, null, null)));
            }
            catch (ApiStatusException gone) when (gone.Code == 404)
            {
                // Deleted meanwhile by someone else: nothing left to do for it.
            }
        }
        await JsonOutput.WriteAsync(r.Context, 200, new JsonObject
        {
            ["kind"] = r.Kind.ListKind,
            ["apiVersion"] = r.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = r.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = deleted,
        });
    }
}
