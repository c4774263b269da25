using System.Security.Cryptography.X509Certificates;
using System.Text;
using PiController.Protocol.Storage;
using PiController.Protocol.Trust;

namespace PiController.Agent.Link;

/// <summary>
/// The hub's CA certificate, pinned by fingerprint: read from the data directory when a verified copy is there,
/// else fetched from the hub's /cacerts and kept (only when it matches the pin).
/// </summary>
internal sealed class HubCaSource(Uri hub, string fingerprint, string? dataDirectory)
{
    private HubTrust? _trust;

    public static HubCaSource Known(Uri hub, X509Certificate2 ca) => new(hub, HubTrust.Fingerprint(ca), null) { _trust = new HubTrust(ca) };

    /// <summary>The hub moved (found again by mDNS): the CA is fetched from there if it is not known yet. The pin stays.</summary>
    public void MoveTo(Uri address) => hub = address;

    public async Task<HubTrust> GetAsync(CancellationToken cancellationToken)
    {
        if (_trust is not null)
        {
            return _trust;
        }
        var path = dataDirectory is null ? null : Path.Join(dataDirectory, "hub-ca.crt");
        if (path is not null && File.Exists(path))
        {
            var cached = HubTrust.LoadCertificatePem(path);
            if (HubTrust.Fingerprint(cached) == fingerprint)
            {
                return _trust = new HubTrust(cached);
            }
            cached.Dispose();
        }
        var ca = await HubTrust.FetchCaAsync(hub, fingerprint, cancellationToken).ConfigureAwait(false);
        if (path is not null)
        {
            DurableFile.Write(path, Encoding.ASCII.GetBytes(ca.ExportCertificatePem() + "\n"), DurableFile.Public);
        }
        return _trust = new HubTrust(ca);
    }
}
