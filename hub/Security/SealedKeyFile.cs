using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PiController.Hub.Security;

/// <summary>
/// An ECDSA private key in the data directory, sealed with the <see cref="SecretBox"/> (PKCS#8 DER inside). A
/// plaintext PEM key of the same name without <c>.enc</c> (written by hubs before keys were sealed) is sealed and
/// then removed the first time it is read.
/// </summary>
internal sealed class SealedKeyFile(string dataDirectory, string plaintextName, SecretBox secrets)
{
    private readonly SealedFile _file = new(dataDirectory, plaintextName, secrets);

    public string Path => _file.SealedPath;

    public bool Exists => _file.Exists;

    /// <summary>
    /// Returns <paramref name="certificate"/> with its private key from this file. Throws
    /// <see cref="InvalidOperationException"/> when the key cannot be opened or is not the certificate's.
    /// </summary>
    public X509Certificate2 Attach(X509Certificate2 certificate, string certificatePath)
    {
        using (certificate)
        {
            var pkcs8 = _file.Open(PemToPkcs8);
            try
            {
                using var key = ECDsa.Create();
                key.ImportPkcs8PrivateKey(pkcs8, out _);
                if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
                {
                    throw new InvalidOperationException($"{certificatePath} is not the certificate of the key in {Path}");
                }
                return certificate.CopyWithPrivateKey(key);
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException($"{Path} holds no usable ECDSA key: {e.Message}", e);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }
    }

    /// <summary>The sealed form of <paramref name="key"/>, for a caller that writes it together with its certificate.</summary>
    public byte[] Seal(ECDsa key)
    {
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            return _file.Seal(pkcs8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static byte[] PemToPkcs8(byte[] pem)
    {
        using var legacy = ECDsa.Create();
        legacy.ImportFromPem(Encoding.ASCII.GetString(pem));
        return legacy.ExportPkcs8PrivateKey();
    }
}
