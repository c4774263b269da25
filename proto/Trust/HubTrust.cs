using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PiController.Protocol.Trust;

/// <summary>
/// Trusts the hub only through its own CA, identified by the SHA-256 fingerprint the client was given. The
/// server certificate is verified against that CA alone; the system trust store plays no part. TLS stacks do
/// not send a self-signed root in the handshake, so the CA certificate itself comes from the hub's public
/// <c>/cacerts</c> document (as in K3s) and is accepted only if its fingerprint matches the pin.
/// </summary>
public sealed class HubTrust
{
    public const string CaPath = "/cacerts";

    /// <summary>The most the agent reads of <c>/cacerts</c>; the hub's CA certificate is about 1 KiB of PEM.</summary>
    public const int MaxCaDocumentBytes = 64 * 1024;

    private static readonly TimeSpan CaFetchTimeout = TimeSpan.FromSeconds(15);
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    public HubTrust(X509Certificate2 ca) => Ca = ca;

    public X509Certificate2 Ca { get; }

    public string CaFingerprint => Fingerprint(Ca);

    /// <summary>Why the last handshake was refused, for the log line that follows the failed connect.</summary>
    public string? LastRefusal { get; private set; }

    public static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    /// <summary>Reads a PEM file that holds a certificate (and no key).</summary>
    public static X509Certificate2 LoadCertificatePem(string path) =>
        X509Certificate2.CreateFromPem(File.ReadAllText(path));

    /// <summary>
    /// Fetches the hub's CA certificate from <c>/cacerts</c> and checks it against the pinned fingerprint. The
    /// connection is not trusted for anything else: whatever a man in the middle sends must hash to the pin.
    /// </summary>
    public static async Task<X509Certificate2> FetchCaAsync(Uri hub, string pinnedFingerprint, CancellationToken cancellationToken)
    {
        var ca = await FetchUnpinnedCaAsync(hub, cancellationToken).ConfigureAwait(false);
        var actual = Fingerprint(ca);
        if (actual != pinnedFingerprint)
        {
            ca.Dispose();
            throw new HubTrustException($"the hub's CA (sha256 {actual}) does not match the pinned ca-fingerprint (sha256 {pinnedFingerprint}); refusing to talk to {hub}");
        }
        return ca;
    }

    /// <summary>
    /// The certificate the hub serves at <c>/cacerts</c>, not yet trusted: for a person to compare its
    /// <see cref="Fingerprint"/> with the one the hub's machine prints before pinning it (<c>pi-controller login</c>).
    /// </summary>
    public static async Task<X509Certificate2> FetchUnpinnedCaAsync(Uri hub, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // The document is checked by its hash, not by this connection's certificate.
#pragma warning disable CA5359
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
#pragma warning restore CA5359
        };
        using var http = new HttpClient(handler) { Timeout = CaFetchTimeout };
        var pem = await ReadCaDocumentAsync(http, new Uri(hub, CaPath), cancellationToken).ConfigureAwait(false);
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new HubTrustException($"{hub} did not serve a CA certificate at {CaPath}: {e.Message}");
        }
    }

    /// <summary>
    /// The /cacerts document, read up to <see cref="MaxCaDocumentBytes"/> and within <see cref="CaFetchTimeout"/>:
    /// it comes from a connection not yet trusted, so whoever answers must not make the agent buffer or wait
    /// without end.
    /// </summary>
    private static async Task<string> ReadCaDocumentAsync(HttpClient http, Uri uri, CancellationToken cancellationToken)
    {
        // HttpClient.Timeout ends at the headers when the body is streamed; this deadline covers the body too.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(CaFetchTimeout);
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            if (response.Content.Headers.ContentLength > MaxCaDocumentBytes)
            {
                throw TooLarge(uri);
            }
            var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var buffer = new byte[MaxCaDocumentBytes + 1];
                var length = 0;
                int read;
                while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), deadline.Token).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
                return length > MaxCaDocumentBytes ? throw TooLarge(uri) : Encoding.UTF8.GetString(buffer, 0, length);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // No inner exception: the agent logs the innermost message, and this one says what happened.
            throw new HttpRequestException($"{uri} did not send its CA certificate within {CaFetchTimeout.TotalSeconds:0} s");
        }
    }

    private static HubTrustException TooLarge(Uri uri) => new(
        $"{uri} answered with more than {MaxCaDocumentBytes / 1024} KiB, and a CA certificate is about 1 KiB: this is not a Pi-Controller hub; check the hub address");

    public bool Validate(X509Certificate? presented, X509Chain? chain, SslPolicyErrors errors)
    {
        if (presented is null)
        {
            return Refuse("the hub presented no certificate");
        }
        using var leaf = new X509Certificate2(presented);
        using var verify = new X509Chain();
        verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verify.ChainPolicy.CustomTrustStore.Add(Ca);
        verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Only a certificate made for a server: a node's client certificate from the same CA cannot pose as the hub.
        verify.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthOid));
        if (!verify.Build(leaf))
        {
            var status = string.Join("; ", verify.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
            return Refuse($"the hub's certificate ({leaf.Subject}, sha256 {Fingerprint(leaf)}) issued by {DescribeIssuer(leaf, chain)} " +
                $"is not a server certificate of the pinned CA (sha256 {CaFingerprint}): {status}");
        }
        // The name is not checked: the pinned private CA issues server certificates to this hub only, and a
        // Pi may reach the hub under a name or address the certificate was not made for (NAT, port forward).
        _ = errors;
        LastRefusal = null;
        return true;
    }

    /// <summary>The issuer's name, and its fingerprint when the hub sent the issuing certificate in the handshake.</summary>
    private static string DescribeIssuer(X509Certificate2 leaf, X509Chain? chain)
    {
        var issuer = chain?.ChainElements
            .Select(e => e.Certificate)
            .FirstOrDefault(c => c.RawData.Length > 0 && c.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData)
                                 && !c.RawData.AsSpan().SequenceEqual(leaf.RawData));
        return issuer is null ? $"\"{leaf.Issuer}\"" : $"\"{leaf.Issuer}\" (sha256 {Fingerprint(issuer)})";
    }

    private bool Refuse(string reason)
    {
        LastRefusal = reason;
        return false;
    }
}
