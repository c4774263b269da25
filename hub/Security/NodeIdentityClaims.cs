using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PiController.Hub.Security;

/// <summary>How a node's client certificate names its node: CN=&lt;node id&gt; and the URI urn:pi-controller:node:&lt;id&gt;.</summary>
internal static class NodeIdentityClaims
{
    public const string UriPrefix = "urn:pi-controller:node:";
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>The node id the certificate was issued to, from its SAN URI; null if it has none.</summary>
    public static string? NodeId(X509Certificate2 certificate)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return null;
        }
        // The SAN URI is read from the raw extension: .NET enumerates DNS names and IP addresses only.
        var reader = new System.Formats.Asn1.AsnReader(san.RawData, System.Formats.Asn1.AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag.TagClass == System.Formats.Asn1.TagClass.ContextSpecific && tag.TagValue == 6)
            {
                var uri = names.ReadCharacterString(System.Formats.Asn1.UniversalTagNumber.IA5String, tag);
                if (uri.StartsWith(UriPrefix, StringComparison.Ordinal))
                {
                    return uri[UriPrefix.Length..];
                }
            }
            else
            {
                names.ReadEncodedValue();
            }
        }
        return null;
    }

    public static string PublicKeyHash(PublicKey key) =>
        Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
}
