using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PiController.Protocol.Storage;

namespace PiController.Hub.Security;

/// <summary>
/// Encrypts secrets at rest (the CA and server keys, K3s tokens, SSH private keys, kubeconfigs) with AES-256-GCM
/// under one key kept in <c>secret.key</c> in the data directory (32 random bytes, mode 0600, created on first
/// start). A copy of <c>hub.db</c> or of a backup without that file reveals none of them.
/// </summary>
/// <remarks>
/// Sealed format, version 1: <c>0x01 | key id (4) | nonce (12) | tag (16) | ciphertext</c>. The key id is the first
/// four bytes of SHA-256 over the key, so a value sealed under another key is reported as such, not as tampering.
/// The header and the caller's <em>purpose</em> (e.g. <c>"ca.key"</c>, <c>"k3s-token:prod"</c>) are authenticated
/// as associated data: a sealed value moved to another purpose does not open.
/// </remarks>
internal sealed class SecretBox
{
    public const string KeyFileName = "secret.key";
    public const byte Version1 = 1;
    private const int KeySize = 32;
    private const int KeyIdSize = 4;
    private const int HeaderSize = 1 + KeyIdSize;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly byte[] _key;
    private readonly byte[] _keyId;

    public SecretBox(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"a secret key is {KeySize} bytes, got {key.Length}", nameof(key));
        }
        _key = key.ToArray();
        _keyId = SHA256.HashData(_key)[..KeyIdSize];
    }

    /// <summary>Loads <c>secret.key</c> from the data directory, creating it (mode 0600) if it does not exist.</summary>
    public static SecretBox LoadOrCreate(string dataDirectory)
    {
        var path = Path.Join(dataDirectory, KeyFileName);
        if (!File.Exists(path))
        {
            var fresh = RandomNumberGenerator.GetBytes(KeySize);
            try
            {
                DurableFile.Write(path, fresh, DurableFile.OwnerOnly, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use that one.
            }
            finally
            {
                CryptographicOperations.ZeroMemory(fresh);
            }
        }
        if ((File.GetUnixFileMode(path) & ~(OwnerOnly | UnixFileMode.UserExecute)) != 0)
        {
            throw new InvalidOperationException($"{path} is readable by other users; restrict it with: chmod 600 {path}");
        }
        var key = File.ReadAllBytes(path);
        try
        {
            return key.Length == KeySize
                ? new SecretBox(key)
                : throw new InvalidOperationException(
                    $"{path} is {key.Length} bytes, not {KeySize}: it is damaged; restore it from a backup (without it the hub's keys cannot be opened)");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> for <paramref name="purpose"/> with a fresh random nonce.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var sealedValue = new byte[HeaderSize + NonceSize + TagSize + plaintext.Length];
        var output = sealedValue.AsSpan();
        output[0] = Version1;
        _keyId.CopyTo(output[1..HeaderSize]);
        var nonce = output.Slice(HeaderSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output[(HeaderSize + NonceSize + TagSize)..], output.Slice(HeaderSize + NonceSize, TagSize),
            AssociatedData(output[..HeaderSize], purpose));
        return sealedValue;
    }

    /// <summary>Decrypts a value made by <see cref="Seal"/> for the same purpose; throws <see cref="SecretBoxException"/> otherwise.</summary>
    public byte[] Open(ReadOnlySpan<byte> sealedValue, string purpose)
    {
        if (sealedValue.Length < HeaderSize + NonceSize + TagSize)
        {
            throw new SecretBoxException($"the sealed {purpose} is truncated ({sealedValue.Length} bytes)");
        }
        if (sealedValue[0] != Version1)
        {
            throw new SecretBoxException($"the sealed {purpose} has format version {sealedValue[0]}, which this pi-controller does not know; run a newer one");
        }
        if (!sealedValue[1..HeaderSize].SequenceEqual(_keyId))
        {
            throw new SecretBoxException(
                $"the sealed {purpose} was sealed with another key (key id {Convert.ToHexStringLower(sealedValue[1..HeaderSize])}, this {KeyFileName} is {Convert.ToHexStringLower(_keyId)}); restore the {KeyFileName} that belongs to this data directory");
        }
        var plaintext = new byte[sealedValue.Length - HeaderSize - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedValue.Slice(HeaderSize, NonceSize), sealedValue[(HeaderSize + NonceSize + TagSize)..],
                sealedValue.Slice(HeaderSize + NonceSize, TagSize), plaintext, AssociatedData(sealedValue[..HeaderSize], purpose));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretBoxException($"the sealed {purpose} does not authenticate: it was altered, or sealed for another purpose");
        }
        return plaintext;
    }

    /// <summary>Seals a string (UTF-8) and returns the sealed value as base64, for a TEXT column.</summary>
    public string SealString(string plaintext, string purpose)
    {
        var bytes = Encoding.UTF8.GetBytes(plaintext);
        try
        {
            return Convert.ToBase64String(Seal(bytes, purpose));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Opens a value made by <see cref="SealString"/>.</summary>
    public string OpenString(string sealedBase64, string purpose)
    {
        byte[] sealedValue;
        try
        {
            sealedValue = Convert.FromBase64String(sealedBase64);
        }
        catch (FormatException)
        {
            throw new SecretBoxException($"the sealed {purpose} is not base64");
        }
        var bytes = Open(sealedValue, purpose);
        try
        {
            return Encoding.UTF8.GetString(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string purpose)
    {
        var label = Encoding.UTF8.GetBytes(purpose);
        var data = new byte[header.Length + 4 + label.Length];
        header.CopyTo(data);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(header.Length), label.Length);
        label.CopyTo(data.AsSpan(header.Length + 4));
        return data;
    }
}
