using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PiController.Protocol.Storage;

namespace PiController.Agent.Link;

/// <summary>
/// The agent's client certificate and private key in its data directory (node.crt, node.key; the key is mode
/// 0600 and never leaves the Pi). A key made for an enrollment that waits for approval is kept as
/// node.key.pending, so the approved key is the one that gets the certificate, across restarts too.
/// </summary>
/// <remarks>
/// The two files are replaced together as a <see cref="CertificateFilePair"/> (the new pair staged whole, then
/// renamed into place, each step flushed to disk), so a crash during a rotation leaves the old pair or the new
/// one: <see cref="Load"/> finishes or undoes the replacement it finds. A pair that still does not match (left by
/// an older agent, or changed by hand) is not used: the agent then enrolls again with its join token.
/// </remarks>
internal sealed class AgentCredentials(string dataDirectory, TimeProvider time)
{
    private readonly CertificateFilePair _pair = new(Path.Join(dataDirectory, "node.crt"), Path.Join(dataDirectory, "node.key"));

    private string PendingKeyPath => Path.Join(dataDirectory, "node.key.pending");

    public X509Certificate2? Current { get; private set; }

    /// <summary>Why the certificate and key on disk were not used at the last <see cref="Load"/>, or null.</summary>
    public string? Unusable { get; private set; }

    /// <summary>What the last <see cref="Load"/> did about a replacement a crash had interrupted.</summary>
    public PairRecovery Recovery { get; private set; }

    public X509Certificate2? Load()
    {
        Recovery = _pair.Recover();
        Unusable = null;
        if (File.Exists(_pair.CertificatePath) && File.Exists(_pair.KeyPath))
        {
            try
            {
                Current = Read();
            }
            catch (KeyMismatchException e)
            {
                Unusable = e.Message;
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                Unusable = $"{_pair.CertificatePath} or {_pair.KeyPath} cannot be read: {e.Message}";
            }
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
        Directory.CreateDirectory(dataDirectory);
        var pem = Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem());
        try
        {
            DurableFile.Write(PendingKeyPath, pem, DurableFile.OwnerOnly);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pem);
        }
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
        if (!SameKey(certificate, key))
        {
            throw new InvalidOperationException("the hub issued a certificate for another key");
        }
        var keyPem = Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem());
        try
        {
            _pair.Replace(Encoding.ASCII.GetBytes(certificatePem.TrimEnd() + "\n"), DurableFile.Public, keyPem, DurableFile.OwnerOnly);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyPem);
        }
        DurableFile.Delete(PendingKeyPath);
        Current = Read();
        return Current;
    }

    /// <summary>The pair on disk; throws <see cref="CryptographicException"/> when it cannot be read, <see cref="KeyMismatchException"/> when it does not belong together.</summary>
    private X509Certificate2 Read()
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(_pair.CertificatePath));
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(_pair.KeyPath));
        if (!SameKey(certificate, key))
        {
            throw new KeyMismatchException(
                $"{_pair.CertificatePath} is not the certificate of {_pair.KeyPath} (a certificate rotation by an older agent was cut short, or a file was replaced)");
        }
        return certificate.CopyWithPrivateKey(key);
    }

    private static bool SameKey(X509Certificate2 certificate, ECDsa key) =>
        certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());
}
