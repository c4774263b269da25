using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PiController.Hub.Security;

/// <summary>
/// An ECDSA private key in the data directory, sealed with the <see cref="SecretBox"/> (PKCS#8 DER inside). A
/// plaintext PEM key of the same name without <c>.enc</c> (written by hubs before keys were sealed) is sealed and
/// then removed the first time it is read.
/// </summary>
internal sealed class SealedKeyFile(string dataDirectory, string sealedName, string plaintextName, SecretBox secrets)
{
    private readonly string _sealedPath = Path.Join(dataDirectory, sealedName);
    private readonly string _plaintextPath = Path.Join(dataDirectory, plaintextName);

    public bool Exists => File.Exists(_sealedPath) || File.Exists(_plaintextPath);

    /// <summary>Returns <paramref name="certificate"/> with its private key from this file.</summary>
    public X509Certificate2 Attach(X509Certificate2 certificate)
    {
        using (certificate)
        {
            if (!File.Exists(_sealedPath))
            {
                using var legacy = ECDsa.Create();
                legacy.ImportFromPem(File.ReadAllText(_plaintextPath));
                Write(legacy);
            }
            if (File.Exists(_plaintextPath))
            {
                Shred(_plaintextPath);
            }

            byte[] pkcs8;
            try
            {
                pkcs8 = secrets.Open(File.ReadAllBytes(_sealedPath), Path.GetFileName(_plaintextPath));
            }
            catch (SecretBoxException e)
            {
                throw new InvalidOperationException($"{_sealedPath} cannot be opened: {e.Message}", e);
            }
            try
            {
                using var key = ECDsa.Create();
                key.ImportPkcs8PrivateKey(pkcs8, out _);
                return certificate.CopyWithPrivateKey(key);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }
    }

    public void Write(ECDsa key)
    {
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            SecureFile.WriteAllBytes(_sealedPath, secrets.Seal(pkcs8, Path.GetFileName(_plaintextPath)), overwrite: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Overwrites the plaintext key before unlinking it: best effort (a journaling or flash file system may keep old blocks).</summary>
    private static void Shred(string path)
    {
        var length = new FileInfo(path).Length;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.Write(new byte[length]);
            stream.Flush(flushToDisk: true);
        }
        File.Delete(path);
    }
}
