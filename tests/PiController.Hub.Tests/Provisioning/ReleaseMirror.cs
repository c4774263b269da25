using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PiController.Hub.Tests.Provisioning;

/// <summary>
/// A stand-in for K3s's GitHub release page: Kestrel on loopback with HTTPS from a CA of its own, serving
/// <c>/download/VERSION/NAME</c> from a directory per version, as <c>github.com/k3s-io/k3s/releases/download/</c> does.
/// </summary>
internal sealed class ReleaseMirror : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReleaseMirror(WebApplication app, Uri baseUrl, X509Certificate2 ca)
    {
        _app = app;
        BaseUrl = baseUrl;
        Ca = ca;
    }

    public Uri BaseUrl { get; }

    /// <summary>The mirror's CA: a client trusts the mirror only through it.</summary>
    public X509Certificate2 Ca { get; }

    public static async Task<ReleaseMirror> StartAsync(string root)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=test release mirror CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
        var server = X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);

        var port = LoopbackPort.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(server)));
        var app = builder.Build();
        app.MapGet("/download/{version}/{name}", (string version, string name) =>
        {
            var path = Path.Join(root, version, name);
            return version.Contains("..", StringComparison.Ordinal) || !File.Exists(path)
                ? Results.NotFound()
                : Results.File(path, "application/octet-stream");
        });
        await app.StartAsync();
        return new ReleaseMirror(app, new Uri($"https://127.0.0.1:{port}/download/"), X509CertificateLoader.LoadCertificate(ca.RawData));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
