using PiController.Protocol.Trust;

namespace PiController.Hub.Security;

internal static class CaCertificateEndpoint
{
    /// <summary>
    /// GET /cacerts: the CA certificate in PEM, the one route that needs no token. It is public by nature, and a
    /// client accepts it only when it hashes to the fingerprint it was given (K3s serves its CA the same way).
    /// </summary>
    public static IEndpointRouteBuilder MapCaCertificate(this IEndpointRouteBuilder app)
    {
        app.MapGet(HubTrust.CaPath, (CertificateAuthority ca) => Results.Text(ca.Certificate.ExportCertificatePem() + "\n", "application/x-pem-file"))
            .AllowAnonymous();
        return app;
    }
}
