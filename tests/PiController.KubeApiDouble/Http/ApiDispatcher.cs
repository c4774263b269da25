using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PiController.KubeApiDouble.Resources;

namespace PiController.KubeApiDouble.Http;

/// <summary>
/// Reads an API path (/api/v1/..., /apis/GROUP/VERSION/..., [namespaces/NS/]PLURAL[/NAME[/SUBRESOURCE]]) into the
/// discovery document or the resource request it names, and answers any refusal as a Status.
/// </summary>
internal sealed class ApiDispatcher(ApiStore store, string gitVersion)
{
    public Task VersionAsync(HttpContext context)
    {
        var plus = gitVersion.IndexOf('+', StringComparison.Ordinal);
        var numbers = gitVersion.TrimStart('v')[..(plus < 0 ? gitVersion.Length - 1 : plus - 1)].Split('.');
        return JsonOutput.WriteAsync(context, 200, new JsonObject
        {
            ["major"] = numbers[0],
            ["minor"] = numbers.ElementAtOrDefault(1) ?? "0",
            ["gitVersion"] = gitVersion,
            ["gitCommit"] = "",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2026-01-01T00:00:00Z",
            ["goVersion"] = "go1.24",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        });
    }

    /// <summary>/openapi/v3 and its group-version documents; /openapi/v2 is not served (kubectl 1.32 reads v3).</summary>
    public Task OpenApiAsync(HttpContext context) => GuardAsync(context, () =>
    {
        var segments = Segments(context, "/openapi");
        if (segments is ["v3"])
        {
            return JsonOutput.WriteAsync(context, 200, OpenApi.Index(store.Kinds));
        }
        var document = segments switch
        {
            ["v3", "api", "v1"] => OpenApi.GroupVersion(store.Kinds, "", "v1", gitVersion),
            ["v3", "apis", var group, var version] => OpenApi.GroupVersion(store.Kinds, group, version, gitVersion),
            _ => null,
        };
        return document is null ? throw PathNotFound() : JsonOutput.WriteAsync(context, 200, document);
    });

    public Task CoreAsync(HttpContext context) => GuardAsync(context, () =>
    {
        var segments = Segments(context, "/api");
        if (segments.Length == 0)
        {
            var host = context.Request.Host.ToString();
            return JsonOutput.WriteAsync(context, 200, Discovery.Versions(host));
        }
        if (segments[0] != "v1")
        {
            throw PathNotFound();
        }
        return segments.Length == 1
            ? JsonOutput.WriteAsync(context, 200, Discovery.Resources(store.Kinds, "", "v1"))
            : ResourceAsync(context, "", "v1", segments[1..]);
    });

    public Task GroupsAsync(HttpContext context) => GuardAsync(context, () =>
    {
        var segments = Segments(context, "/apis");
        if (segments.Length == 0)
        {
            return JsonOutput.WriteAsync(context, 200, Discovery.Groups(store.Kinds));
        }
        var group = store.Kinds.Groups().FirstOrDefault(g => g.Group == segments[0]);
        if (group.Group is null || (segments.Length > 1 && !group.Versions.Contains(segments[1])))
        {
            throw PathNotFound();
        }
        return segments.Length switch
        {
            1 => JsonOutput.WriteAsync(context, 200, Discovery.Group(group.Group, group.Versions)),
            2 => JsonOutput.WriteAsync(context, 200, Discovery.Resources(store.Kinds, group.Group, segments[1])),
            _ => ResourceAsync(context, group.Group, segments[1], segments[2..]),
        };
    });

    private Task ResourceAsync(HttpContext context, string group, string version, string[] rest)
    {
        string? ns = null;
        if (rest[0] == "namespaces" && rest.Length >= 3 && !(group.Length == 0 && rest.Length == 3 && rest[2] is "status" or "finalize"))
        {
            ns = rest[1];
            rest = rest[2..];
        }
        if (rest.Length > 3)
        {
            throw PathNotFound();
        }
        var kind = store.Kinds.Find(group, version, rest[0]) ?? throw PathNotFound();
        var sub = rest.ElementAtOrDefault(2);
        if ((ns is not null && !kind.Namespaced) || (sub is not null && !(sub == "status" && kind.HasStatus) && !(sub == "eviction" && kind == BuiltInKinds.Pods)))
        {
            throw PathNotFound();
        }
        return ResourceHandler.HandleAsync(new ApiRequest(context, store, kind, version, ns, rest.ElementAtOrDefault(1), sub));
    }

    private static async Task GuardAsync(HttpContext context, Func<Task> handle)
    {
        try
        {
            await handle();
        }
        catch (ApiStatusException failure) when (!context.Response.HasStarted)
        {
            await JsonOutput.FailAsync(context, failure);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            // A request the double cannot handle: say what broke, as the API server's InternalError does.
            await JsonOutput.FailAsync(context, new ApiStatusException(500, "InternalError", $"an error on the server ({e.GetType().Name}: {e.Message}) has prevented the request from succeeding"));
        }
    }

    private static string[] Segments(HttpContext context, string prefix) =>
        context.Request.Path.Value![prefix.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();

    private static ApiStatusException PathNotFound() => new(404, "NotFound", "the server could not find the requested resource");
}
