using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using PiController.Protocol.Trust;

namespace PiController.Testing;

/// <summary>
/// Clients of a hub that trust only its CA, as agents and the CLI do (<see cref="HubTrust"/>): HTTP with an
/// optional bearer token, gRPC with an optional bearer token or client certificate, WebSocket with a bearer token.
/// </summary>
public static class HubTls
{
    public static SocketsHttpHandler Handler(X509Certificate2 ca, X509Certificate2? clientCertificate = null)
    {
        var trust = new HubTrust(ca);
        var ssl = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, ch, e) => trust.Validate(c, ch, e) };
        if (clientCertificate is not null)
        {
            ssl.ClientCertificates = new X509CertificateCollection { clientCertificate };
        }
        return new SocketsHttpHandler { SslOptions = ssl };
    }

    /// <summary>An HTTP client for <paramref name="address"/>; with a token, it sends it as a bearer token.</summary>
    public static HttpClient Http(Uri address, X509Certificate2 ca, string? token)
    {
        var http = new HttpClient(Handler(ca)) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }

    /// <summary>A gRPC channel; with a token, every call carries it in the authorization metadata.</summary>
    public static GrpcChannel Grpc(Uri address, X509Certificate2 ca, string? token = null, X509Certificate2? clientCertificate = null)
    {
        var options = new GrpcChannelOptions { HttpHandler = Handler(ca, clientCertificate) };
        if (token is not null)
        {
            options.Credentials = ChannelCredentials.Create(ChannelCredentials.SecureSsl, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("Authorization", "Bearer " + token);
                return Task.CompletedTask;
            }));
        }
        return GrpcChannel.ForAddress(address, options);
    }

    /// <summary>A WebSocket client, not yet connected; with a token, it sends it as a bearer token.</summary>
    public static ClientWebSocket WebSocket(X509Certificate2 ca, string? token)
    {
        var trust = new HubTrust(ca);
        var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, c, ch, e) => trust.Validate(c, ch, e);
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }
        return socket;
    }
}
