using System.Runtime.InteropServices;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using PiController.K3sStandIn.Node;

namespace PiController.K3sStandIn.Server;

/// <summary>
/// Everything the stand-in serves on its HTTPS port (6443 by default), in one table, as K3s serves the supervisor and
/// the API server on one port. Unauthenticated, as on K3s: /cacerts (server-ca.crt byte for byte), /ping ("pong"),
/// /readyz and /version (anonymous on a Kubernetes API server). With a token's user and password as basic auth:
/// /v1-k3s/readyz (any node of the cluster: node or server user) and /v1-k3s/server-bootstrap (the server user only).
/// Anything else is 404. The Kubernetes API double grows here.
/// </summary>
internal static class SupervisorEndpoints
{
    public static void MapSupervisor(this WebApplication app, ServerContext cluster)
    {
        app.MapGet("/cacerts", () => Results.Bytes(cluster.Certificates.ServerCa.Bundle, "text/plain"));
        app.MapGet("/ping", () => Results.Text("pong"));
        app.MapGet("/readyz", () => Results.Text("ok"));
        app.MapGet("/version", () => Results.Json(Version(), StandInJson.Readable.KubernetesVersion));
        app.MapGet("/v1-k3s/readyz", Results<ContentHttpResult, UnauthorizedHttpResult> (HttpRequest request) =>
            Credentials(request) is var (user, password) && cluster.Passwords.IsNode(user, password)
                ? TypedResults.Text("ok")
                : TypedResults.Unauthorized());
        app.MapGet("/v1-k3s/server-bootstrap", Results<JsonHttpResult<BootstrapData>, UnauthorizedHttpResult> (HttpRequest request) =>
            Credentials(request) is var (user, password) && cluster.Passwords.IsServer(user, password)
                ? TypedResults.Json(cluster.Bootstrap(), StandInJson.Readable.BootstrapData)
                : TypedResults.Unauthorized());
    }

    private static KubernetesVersion Version()
    {
        var (major, minor) = StandInVersion.Kubernetes;
        var architecture = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64";
        return new KubernetesVersion(major, minor, StandInVersion.Version, $"linux/{architecture}");
    }

    /// <summary>The basic-auth user and password, or null when the request has none.</summary>
    private static (string User, string Password)? Credentials(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
