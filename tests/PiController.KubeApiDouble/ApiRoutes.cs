using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PiController.KubeApiDouble.Http;

namespace PiController.KubeApiDouble;

/// <summary>The HTTP surface of the Kubernetes API test double: discovery, /version, health, OpenAPI, and every resource of an <see cref="ApiStore"/>.</summary>
public static class ApiRoutes
{
    /// <summary>Maps the API onto <paramref name="app"/>.</summary>
    /// <param name="app">the routes of a Kestrel host (the test host, or the stand-in k3s on 6443).</param>
    /// <param name="store">the objects served.</param>
    /// <param name="authorize">whether a request may use the API (false: 401); null when TLS already required the admin client certificate.</param>
    /// <param name="gitVersion">what /version reports.</param>
    public static void MapKubernetesApi(this IEndpointRouteBuilder app, ApiStore store, Func<HttpContext, bool>? authorize = null, string gitVersion = ApiDoubleInfo.DefaultGitVersion)
    {
        var dispatcher = new ApiDispatcher(store, gitVersion);
        RequestDelegate Guarded(RequestDelegate next) => context =>
            authorize is null || authorize(context)
                ? next(context)
                : JsonOutput.FailAsync(context, new ApiStatusException(401, "Unauthorized", "Unauthorized: present the admin client certificate of the kubeconfig"));
        app.Map("/version", Guarded(dispatcher.VersionAsync));
        app.Map("/api", Guarded(dispatcher.CoreAsync));
        app.Map("/api/{**rest}", Guarded(dispatcher.CoreAsync));
        app.Map("/apis", Guarded(dispatcher.GroupsAsync));
        app.Map("/apis/{**rest}", Guarded(dispatcher.GroupsAsync));
        app.Map("/openapi/{**rest}", Guarded(dispatcher.OpenApiAsync));
        foreach (var health in new[] { "/readyz", "/livez", "/healthz" })
        {
            app.Map(health, context => JsonOutput.TextAsync(context, "ok"));
            app.Map(health + "/{**check}", context => JsonOutput.TextAsync(context, "ok"));
        }
    }
}
