using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PiController.Agent.Link;

/// <summary>
/// The agent's client certificate and private key in its data directory (node.crt, node.key; the key is mode
/// 0600 and never leaves the Pi). A key made for an enrollment that waits for approval is kept as
/// node.key.pending, so the approved key is the one that gets the certificate, across restarts too.
/// </summary>
internal sealed class AgentCredentials(string dataDirectory, TimeProvider time)
{
    private string CertificatePath => Path.Join(dataDirectory, "node.crt");
    private string KeyPath => Path.Join(dataDirectory, "node.key");
    private string PendingKeyPath => Path.Join(dataDirectory, "node.key.pending");

    public X509Certificate2? Current { get; private set; }

    public X509Certificate2? Load()
    {
        if (File.Exists(CertificatePath) && File.Exists(KeyPath))
        {
            Current = X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
        }
        return Current;
    }

    public bool IsExpired => Current is null || Current.NotAfter.ToUniversalTime() <= time.GetUtcNow().UtcDateTime;

    /// <summary>True once 2/3 of the certificate's lifetime has passed: time to ask for a new one.</summary>
    public bool RenewalDue
    {
        get
        {
            if (Current is null)
            {
                return false;
            }
            var notBefore = Current.NotBefore.ToUniversalTime();
            var lifetime = Current.NotAfter.ToUniversalTime() - notBefore;
            return time.GetUtcNow().UtcDateTime >= notBefore + lifetime * 2 / 3;
        }
    }

    /// <summary>The key for the next enrollment: the pending one if an enrollment waits for approval, else a new one.</summary>
    public ECDsa EnrollmentKey()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(PendingKeyPath))
        {
            key.ImportFromPem(File.ReadAllText(PendingKeyPath));
            return key;
        }
        WriteSecret(PendingKeyPath, key.ExportPkcs8PrivateKeyPem());
        return key;
    }

    /// <summary>How many hex digits of <see cref="KeyHash"/> name a key to a person; the hub's nodes pending shows as many.</summary>
    public const int KeyPrefixLength = 16;

    /// <summary>The SHA-256 of the public key (SubjectPublicKeyInfo), lower-case hex, as the hub names keys.</summary>
    public static string KeyHash(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static byte[] SigningRequest(ECDsa key, string nodeId) =>
        new CertificateRequest($"CN={nodeId}", key, HashAlgorithmName.SHA256).CreateSigningRequest();

    /// <summary>Stores a certificate for <paramref name="key"/> (checked to match) and makes it current.</summary>
    public X509Certificate2 Save(ECDsa key, string certificatePem)
    {
        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        using var issuedKey = certificate.GetECDsaPublicKey();
        if (issuedKey is null || !issuedKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            throw new InvalidOperationException("the hub issued a certificate for another key");
        }
        WriteSecret(KeyPath, key.ExportPkcs8PrivateKeyPem());
        var temporary = CertificatePath + ".tmp";
        File.WriteAllText(temporary, certificatePem.TrimEnd() + "\n");
        File.Move(temporary, CertificatePath, overwrite: true);
        File.Delete(PendingKeyPath);
        Current = X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
        return Current;
    }

    private static void WriteSecret(string path, string contents)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            stream.Write(global::System.Text.Encoding.UTF8.GetBytes(contents));
        }
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: true);
    }
}
