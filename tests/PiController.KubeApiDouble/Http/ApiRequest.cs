using Microsoft.AspNetCore.Http;
using PiController.KubeApiDouble.Resources;

namespace PiController.KubeApiDouble.Http;

/// <summary>A request on a resource: the kind and version it names, the namespace, name and subresource from the path, and the query.</summary>
internal sealed record ApiRequest(HttpContext Context, ApiStore Store, ResourceKind Kind, string Version, string? Namespace, string? Name, string? Subresource)
{
    public string? Query(string key) => Context.Request.Query.TryGetValue(key, out var values) ? values.ToString() : null;

    public bool Flag(string key) => Query(key) is "1" or "true" or "True";

    public bool DryRun => Context.Request.Query.TryGetValue("dryRun", out var values) && values.Contains("All");

    public string ApiVersion => Kind.ApiVersion(Version);

    /// <summary>The client asked for a Table (kubectl get) rather than the objects.</summary>
    public bool WantsTable => Context.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    /// <summary>Who makes this change for managedFields: the fieldManager parameter, else the user agent's program name, as the API server derives it.</summary>
    public string Manager
    {
        get
        {
            if (Query("fieldManager") is { Length: > 0 } manager)
            {
                return manager;
            }
            var agent = Context.Request.Headers.UserAgent.ToString();
            var slash = agent.IndexOf('/', StringComparison.Ordinal);
            return slash > 0 ? agent[..slash] : agent.Length > 0 ? agent : "unknown";
        }
    }
}
