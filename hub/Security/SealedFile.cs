using System.Security.Cryptography;
using PiController.Protocol.Storage;

namespace PiController.Hub.Security;

/// <summary>
/// A secret kept in the data directory sealed with the <see cref="SecretBox"/> (<c>NAME.enc</c>, mode 0600). A
/// plaintext file of the old name (<c>NAME</c>, written by hubs before the secret was sealed) is sealed the first
/// time it is read, then overwritten and removed, durably: after a crash in between, the sealed copy is there and
/// the plaintext one is removed at the next start.
/// </summary>
internal sealed class SealedFile(string dataDirectory, string plaintextName, SecretBox secrets)
{
    public string SealedPath { get; } = Path.Join(dataDirectory, plaintextName + ".enc");

    public string PlaintextPath { get; } = Path.Join(dataDirectory, plaintextName);

    /// <summary>The purpose the value is sealed for: its plaintext file name (<c>ca.key</c>, <c>apt-signing.key</c>).</summary>
    public string Purpose { get; } = plaintextName;

    public bool Exists => File.Exists(SealedPath) || File.Exists(PlaintextPath);

    /// <summary>
    /// Seals a plaintext file left by an older hub (<paramref name="convertLegacy"/> turns its contents into the
    /// sealed form) and removes it; then opens the sealed file. Throws <see cref="InvalidOperationException"/>
    /// naming the file when it cannot be opened.
    /// </summary>
    public byte[] Open(Func<byte[], byte[]>? convertLegacy = null)
    {
        MigratePlaintext(convertLegacy);
        try
        {
            return secrets.Open(File.ReadAllBytes(SealedPath), Purpose);
        }
        catch (SecretBoxException e)
        {
            throw new InvalidOperationException($"{SealedPath} cannot be opened: {e.Message}", e);
        }
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext) => secrets.Seal(plaintext, Purpose);

    public void Write(ReadOnlySpan<byte> plaintext) => DurableFile.Write(SealedPath, Seal(plaintext), DurableFile.OwnerOnly);

    private void MigratePlaintext(Func<byte[], byte[]>? convertLegacy)
    {
        if (!File.Exists(PlaintextPath))
        {
            return;
        }
        if (!File.Exists(SealedPath))
        {
            var legacy = File.ReadAllBytes(PlaintextPath);
            var value = convertLegacy is null ? legacy : convertLegacy(legacy);
            try
            {
                Write(value);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(legacy);
                CryptographicOperations.ZeroMemory(value);
            }
        }
        Shred(PlaintextPath);
    }

    /// <summary>Overwrites a plaintext secret before unlinking it: best effort (a journaling or flash file system may keep old blocks).</summary>
    public static void Shred(string path)
    {
        var length = new FileInfo(path).Length;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.Write(new byte[length]);
            stream.Flush(flushToDisk: true);
        }
        DurableFile.Delete(path);
    }
}
