using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Agents;
using PiController.Hub.Api;
using PiController.Protocol.Storage;

namespace PiController.Hub.Security;

internal static class SecurityExtensions
{
    public const string AdminTokenFile = "admin.token";

    /// <summary>Bearer authentication on every route, role policies, and the token store.</summary>
    public static IServiceCollection AddHubSecurity(this IServiceCollection services, NodeCertificateOptions certificates)
    {
        services.TryAddSingleton(certificates);
        services.AddHubJson(SecurityJsonContext.Default);
        services.TryAddSingleton<ApiTokenStore>();
        services.TryAddSingleton<ApiTokenStreams>();
        services.TryAddSingleton<JoinTokenStore>();
        services.TryAddSingleton<NodeCertificateIssuer>();
        services.TryAddSingleton<NodeCertificateStore>();
        services.TryAddSingleton<EnrollmentRequestStore>();
        services.AddAgentMessageHandler<CertificateRenewalHandler>();
        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(HubPolicies.Operator, p => p.RequireRole(ApiRole.Admin, ApiRole.Operator))
            .AddPolicy(HubPolicies.Admin, p => p.RequireRole(ApiRole.Admin));
        return services;
    }

    /// <summary>One TLS port for everything: REST, gRPC, the agent link. HTTP/2 keepalive pings on.</summary>
    public static void ConfigureHubKestrel(this WebApplicationBuilder builder, IPAddress address, int port, CertificateAuthority ca, TimeProvider time)
    {
        var clients = new ClientCertificateValidator(ca, time);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Off by default in Kestrel; without it a half-open agent connection lingers until TCP gives up.
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(20);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Listen(address, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = ca.ServerCertificate,
                    // Agents find the CA in the handshake and compare it with their pinned fingerprint.
                    ServerCertificateChain = [X509CertificateLoader.LoadCertificate(ca.Certificate.RawData)],
                    // Agents authenticate with the certificate they got at enrollment; API callers present none.
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = clients.Validate,
                });
            });
        });
    }

    /// <summary>On first start, writes an admin token to the data directory with mode 0600.</summary>
    public static string? EnsureAdminToken(ApiTokenStore tokens, string dataDirectory)
    {
        if (tokens.HasAdmin())
        {
            return null;
        }
        var token = tokens.Create("initial admin", ApiRole.Admin, expires: null);
        var path = Path.Join(dataDirectory, AdminTokenFile);
        DurableFile.Write(path, Encoding.UTF8.GetBytes(token + "\n"), DurableFile.OwnerOnly);
        return path;
    }

    public const string JoinTokenFile = "join.token";

    /// <summary>
    /// On first start (a hub that never had a join token), also writes a reusable join token (mode 0600), like
    /// K3s's node-token: the token to put on a Pi. It can be listed and revoked like any other (pi-controller
    /// token ls / revoke). Once the operator removed the file (token forget-files) it is not written again.
    /// </summary>
    public static string? EnsureJoinToken(JoinTokenStore tokens, string dataDirectory)
    {
        var path = Path.Join(dataDirectory, JoinTokenFile);
        if (File.Exists(path) || tokens.List().Count > 0)
        {
            return null;
        }
        DurableFile.Write(path, Encoding.UTF8.GetBytes(tokens.Create("initial join token (join.token)", ttl: null, maxUses: null) + "\n"), DurableFile.OwnerOnly);
        return path;
    }

    /// <summary>The enrollment service: anonymous, because the join token in the request is the credential.</summary>
    public static IEndpointRouteBuilder MapEnrollment(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<EnrollmentService>().AllowAnonymous();
        return app;
    }

    public static string DescribeEndpoint(IPAddress address, int port) =>
        $"https://{(address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : address.ToString())}:{port}";
}
