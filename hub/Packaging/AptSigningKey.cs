using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PiController.Hub.Security;

namespace PiController.Hub.Packaging;

/// <summary>
/// The hub's OpenPGP key for its apt repository: RSA 3072. It decides what every Pi installs as root, so it is kept
/// in the data directory sealed with the hub's <see cref="SecretBox"/> (<c>apt-signing.key.enc</c>, mode 0600).
/// Signing is done here rather than by gpg, so the hub needs no gpg (and no gpg-agent) at run time; apt checks the
/// result with its own gpgv.
/// </summary>
internal sealed partial class AptSigningKey : IDisposable
{
    /// <summary>The key's name: the purpose it is sealed for, and the clear file older hubs wrote.</summary>
    public const string FileName = "apt-signing.key";
    private const int KeySizeBits = 3072;

    private readonly RSA _rsa;
    private readonly byte[] _publicKeyBody;

    private AptSigningKey(RSA rsa, DateTimeOffset created, string userId)
    {
        _rsa = rsa;
        Created = created;
        UserId = userId;
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        _publicKeyBody = [4, .. OpenPgp.Time(created), OpenPgp.AlgorithmRsa, .. OpenPgp.Mpi(parameters.Modulus), .. OpenPgp.Mpi(parameters.Exponent)];
        // A v4 fingerprint is SHA-1 by definition (RFC 4880 12.2); it names the key, signatures use SHA-256.
#pragma warning disable CA5350
        Fingerprint = SHA1.HashData([0x99, (byte)(_publicKeyBody.Length >> 8), (byte)_publicKeyBody.Length, .. _publicKeyBody]);
#pragma warning restore CA5350
    }

    /// <summary>The key's creation time, which is part of its fingerprint.</summary>
    public DateTimeOffset Created { get; }

    public string UserId { get; }

    /// <summary>The v4 fingerprint (SHA-1 of the public key packet), as gpg prints it.</summary>
    public byte[] Fingerprint { get; }

    public string FingerprintHex => Convert.ToHexString(Fingerprint);

    private ReadOnlySpan<byte> KeyId => Fingerprint.AsSpan(12, 8);

    /// <summary>
    /// Loads the key from <c>apt-signing.key.enc</c> in <paramref name="dataDirectory"/>, sealed with the hub's
    /// <see cref="SecretBox"/> like the CA key, or creates it there on first use. A clear <c>apt-signing.key</c>
    /// left by an older hub is sealed, then overwritten and removed.
    /// </summary>
    public static AptSigningKey LoadOrCreate(string dataDirectory, SecretBox secrets, string userId, TimeProvider time)
    {
        var file = new SealedFile(dataDirectory, FileName, secrets);
        if (file.Exists)
        {
            var bytes = file.Open();
            string text;
            try
            {
                text = Encoding.UTF8.GetString(bytes);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
            var header = CreatedHeader().Match(text);
            if (!header.Success)
            {
                throw new InvalidOperationException($"{file.SealedPath} has no \"# created <unix time>\" line; remove it and the hub makes a new apt signing key (Pis then need its new public key)");
            }
            var rsa = RSA.Create();
            rsa.ImportFromPem(text);
            var created = DateTimeOffset.FromUnixTimeSeconds(long.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture));
            return new AptSigningKey(rsa, created, userId);
        }
        var fresh = RSA.Create(KeySizeBits);
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var plaintext = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"# pi-controller apt repository signing key (RSA {KeySizeBits}); OpenPGP creation time:\n# created {now.ToUnixTimeSeconds()}\n{fresh.ExportPkcs8PrivateKeyPem()}\n"));
        try
        {
            file.Write(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
        return new AptSigningKey(fresh, now, userId);
    }

    /// <summary>A transferable public key (key, user id, self-signature): the binary keyring apt's signed-by takes.</summary>
    public byte[] ExportPublicKey()
    {
        var userId = Encoding.UTF8.GetBytes(UserId);
        var hashed = HashedSubpackets(Created,
        [
            OpenPgp.Subpacket(OpenPgp.SubpacketKeyFlags, [0x03]), // certify and sign
            OpenPgp.Subpacket(OpenPgp.SubpacketPreferredHashes, [OpenPgp.HashSha256]),
        ]);
        var prefix = CertificationPrefix(userId);
        var signature = Signature(0x13, hashed, prefix);
        return [.. OpenPgp.Packet(OpenPgp.TagPublicKey, _publicKeyBody), .. OpenPgp.Packet(OpenPgp.TagUserId, userId), .. signature];
    }

    public string ExportArmoredPublicKey() => OpenPgp.Armor("PUBLIC KEY BLOCK", ExportPublicKey());

    /// <summary>A detached signature of binary data (Release.gpg), ASCII-armored as Debian archives serve it.</summary>
    public string SignDetached(ReadOnlySpan<byte> data, DateTimeOffset now) =>
        OpenPgp.Armor("SIGNATURE", Signature(0x00, HashedSubpackets(now, []), data));

    /// <summary>A cleartext-signed document (InRelease).</summary>
    public string ClearSign(string text, DateTimeOffset now)
    {
        var signature = Signature(0x01, HashedSubpackets(now, []), OpenPgp.CanonicalText(text));
        var body = new StringBuilder("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n");
        foreach (var line in OpenPgp.SplitLines(text))
        {
            body.Append(line.StartsWith('-') ? "- " : "").Append(line).Append('\n');
        }
        body.Append(OpenPgp.Armor("SIGNATURE", signature));
        return body.ToString();
    }

    private byte[] HashedSubpackets(DateTimeOffset created, IEnumerable<byte[]> extra) =>
    [
        .. OpenPgp.Subpacket(OpenPgp.SubpacketCreationTime, OpenPgp.Time(created)),
        .. OpenPgp.Subpacket(OpenPgp.SubpacketIssuerFingerprint, [4, .. Fingerprint]),
        .. extra.SelectMany(s => s),
    ];

    private byte[] CertificationPrefix(byte[] userId)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, userId.Length);
        return [0x99, (byte)(_publicKeyBody.Length >> 8), (byte)_publicKeyBody.Length, .. _publicKeyBody, 0xB4, .. length, .. userId];
    }

    /// <summary>A v4 signature packet over <paramref name="signed"/> followed by the hashed part and its trailer.</summary>
    private byte[] Signature(byte type, byte[] hashedSubpackets, ReadOnlySpan<byte> signed)
    {
        byte[] hashedPart = [4, type, OpenPgp.AlgorithmRsa, OpenPgp.HashSha256, (byte)(hashedSubpackets.Length >> 8), (byte)hashedSubpackets.Length, .. hashedSubpackets];
        var trailer = new byte[6];
        trailer[0] = 4;
        trailer[1] = 0xFF;
        BinaryPrimitives.WriteInt32BigEndian(trailer.AsSpan(2), hashedPart.Length);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(signed);
        sha.AppendData(hashedPart);
        sha.AppendData(trailer);
        var hash = sha.GetHashAndReset();
        // OpenPGP's RSA signatures are PKCS#1 v1.5 with the DigestInfo of the hash algorithm (RFC 4880 5.2.2).
        var value = _rsa.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var unhashed = OpenPgp.Subpacket(OpenPgp.SubpacketIssuerKeyId, KeyId);
        byte[] body = [.. hashedPart, (byte)(unhashed.Length >> 8), (byte)unhashed.Length, .. unhashed, hash[0], hash[1], .. OpenPgp.Mpi(value)];
        return OpenPgp.Packet(OpenPgp.TagSignature, body);
    }

    public void Dispose() => _rsa.Dispose();

    [GeneratedRegex(@"^# created (\d+)$", RegexOptions.Multiline)]
    private static partial Regex CreatedHeader();
}
