using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PiController.K3sStandIn.Trust;

namespace PiController.K3sStandIn.Api;

/// <summary>
/// Authentication and authorization in front of the Kubernetes API on 6443, as the API server does them for K3s's
/// clients: a client certificate that chains to the cluster's client-ca names the user (<see cref="ApiIdentity"/>);
/// the admin (system:masters, the certificate of k3s.yaml) may do anything; a kubelet (system:node:NAME, the
/// certificate a node gets from /v1-k3s/client-kubelet.crt) only what <see cref="NodeWrites"/> allows; no certificate
/// or an unknown one is 401, any other user 403, each as a Status. Open without a certificate, as on K3s: the
/// supervisor's routes (/cacerts, /ping, /v1-k3s/..., which check their own basic auth) and /version, /readyz, /livez,
/// /healthz (anonymous on a Kubernetes API server).
/// </summary>
internal static class ApiAccess
{
    private static readonly string[] OpenPaths = ["/cacerts", "/ping", "/v1-k3s", "/version", "/readyz", "/livez", "/healthz"];

    /// <param name="app">the server.</param>
    /// <param name="clientCaBundle">client-ca.crt: the CA (and any above it) that client certificates must chain to.</param>
    /// <param name="podNode">spec.nodeName of a pod (namespace, name), or null when there is no such pod.</param>
    /// <param name="notServed">when this server does not hold the API (a joined server), the sentence a client gets with 503.</param>
    public static void UseApiAccess(this WebApplication app, byte[] clientCaBundle, Func<string, string, string?> podNode, string? notServed)
    {
        var trusted = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (OpenPaths.Any(open => path == open || path.StartsWith(open + "/", StringComparison.Ordinal)))
            {
                await next(context);
                return;
            }
            var certificate = context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);
            if (certificate is null || !trusted.GetOrAdd(Convert.ToHexString(SHA256.HashData(certificate.RawData)), _ => ChainTrust.Chains(clientCaBundle, certificate)))
            {
                await ApiStatus.WriteAsync(context, 401, "Unauthorized", "Unauthorized: present a client certificate of this cluster's client-ca (the one in /etc/rancher/k3s/k3s.yaml)");
                return;
            }
            var identity = ApiIdentity.FromSubject(certificate.Subject);
            if (!identity.IsAdmin && (identity.NodeName is not { } node
                || !NodeWrites.Allows(context.Request.Method, path, node, await CreatedNameAsync(context), podNode)))
            {
                await ApiStatus.WriteAsync(context, 403, "Forbidden",
                    $"User \"{identity.User}\" cannot {context.Request.Method} {path}: a node may change only its own Node, its Lease in kube-node-lease, the status of pods bound to it and Events");
                return;
            }
            if (notServed is not null)
            {
                await ApiStatus.WriteAsync(context, 503, "ServiceUnavailable", notServed);
                return;
            }
            await next(context);
        });
    }

    /// <summary>metadata.name of a POST's JSON body (read, then rewound for the API), or null.</summary>
    private static async Task<string?> CreatedNameAsync(HttpContext context)
    {
        if (context.Request.Method != "POST")
        {
            return null;
        }
        context.Request.EnableBuffering();
        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return body?["metadata"]?["name"] is JsonValue name && name.TryGetValue<string>(out var text) ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            context.Request.Body.Position = 0;
        }
    }
}
