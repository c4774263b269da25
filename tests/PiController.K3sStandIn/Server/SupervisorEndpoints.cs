using System.Runtime.InteropServices;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using PiController.K3sStandIn.Join;
using PiController.K3sStandIn.Node;

namespace PiController.K3sStandIn.Server;

/// <summary>
/// Everything the stand-in serves on its HTTPS port (6443 by default), in one table, as K3s serves the supervisor and
/// the API server on one port. Unauthenticated, as on K3s: /cacerts (server-ca.crt byte for byte), /ping ("pong"),
/// /readyz and /version (anonymous on a Kubernetes API server). With a token's user and password as basic auth:
/// /v1-k3s/readyz (any node of the cluster: node or server user), /v1-k3s/client-kubelet.crt (a node's client
/// certificate for the API, CN=system:node:NAME for the name in K3s-Node-Name, then the client CA, then its key, as
/// K3s answers it) and /v1-k3s/server-bootstrap (the server user only). The Kubernetes API is mapped beside these
/// (<see cref="Api.ApiAccess"/> guards it).
/// </summary>
internal static class SupervisorEndpoints
{
    /// <param name="app">the server.</param>
    /// <param name="cluster">its CAs and passwords.</param>
    /// <param name="servesApi">whether the Kubernetes API is mapped beside (it answers /version and /readyz then).</param>
    public static void MapSupervisor(this WebApplication app, ServerContext cluster, bool servesApi)
    {
        app.MapGet("/cacerts", () => Results.Bytes(cluster.Certificates.ServerCa.Bundle, "text/plain"));
        app.MapGet("/ping", () => Results.Text("pong"));
        if (!servesApi)
        {
            app.MapGet("/readyz", () => Results.Text("ok"));
            app.MapGet("/livez", () => Results.Text("ok"));
            app.MapGet("/version", () => Results.Json(Version(), StandInJson.Readable.KubernetesVersion));
        }
        app.MapGet("/v1-k3s/readyz", Results<ContentHttpResult, UnauthorizedHttpResult> (HttpRequest request) =>
            Credentials(request) is var (user, password) && cluster.Passwords.IsNode(user, password)
                ? TypedResults.Text("ok")
                : TypedResults.Unauthorized());
        app.MapGet("/v1-k3s/client-kubelet.crt", Results<ContentHttpResult, UnauthorizedHttpResult, BadRequest<string>> (HttpRequest request) =>
            Credentials(request) is not var (user, password) || !cluster.Passwords.IsNode(user, password)
                ? TypedResults.Unauthorized()
                : request.Headers[SupervisorClient.NodeNameHeader].ToString() is not { Length: > 0 } node || !NodeName.IsValid(node)
                    ? TypedResults.BadRequest($"{SupervisorClient.NodeNameHeader} must name the node (a DNS subdomain such as pi-1)")
                    : TypedResults.Text(cluster.KubeletCertificate(node), "text/plain"));
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
