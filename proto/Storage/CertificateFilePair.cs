namespace PiController.Protocol.Storage;

/// <summary>What <see cref="CertificateFilePair.Recover"/> found on disk.</summary>
public enum PairRecovery
{
    /// <summary>No replacement was under way.</summary>
    Nothing,

    /// <summary>A replacement was staged completely, or already half done: it was finished.</summary>
    Finished,

    /// <summary>A replacement was cut short while being staged: its staged key was removed, the old pair stands.</summary>
    Discarded,
}

/// <summary>
/// A certificate and its private key in two files that must always belong together (the agent's node.crt and
/// node.key, the hub's server.crt and server.key.enc). Replacing them takes two renames, and a crash between the
/// two would leave the new key beside the old certificate; so the new pair is first staged whole beside the old
/// one (<c>*.new</c>, each written durably, the key first and the certificate last), then renamed into place
/// key first. The staged files tell a restarted program exactly how far a replacement got:
/// <list type="bullet">
/// <item>key and certificate staged: staging was complete; the pair is renamed into place (finished);</item>
/// <item>only the certificate staged: the key was renamed already; the certificate follows it (finished);</item>
/// <item>only the key staged: staging was cut short; the old pair was never touched and stays (discarded).</item>
/// </list>
/// </summary>
public sealed class CertificateFilePair(string certificatePath, string keyPath)
{
    private const string Staged = ".new";

    public string CertificatePath { get; } = certificatePath;

    public string KeyPath { get; } = keyPath;

    public string StagedCertificatePath => CertificatePath + Staged;

    public string StagedKeyPath => KeyPath + Staged;

    /// <summary>Replaces both files so that a crash at any point leaves (after <see cref="Recover"/>) the old pair or the new one.</summary>
    public void Replace(ReadOnlySpan<byte> certificate, UnixFileMode certificateMode, ReadOnlySpan<byte> key, UnixFileMode keyMode)
    {
        DurableFile.Delete(StagedCertificatePath);
        DurableFile.Write(StagedKeyPath, key, keyMode);
        DurableFile.Write(StagedCertificatePath, certificate, certificateMode);
        Commit();
    }

    /// <summary>Finishes or undoes a replacement that a crash interrupted; call before reading the pair.</summary>
    public PairRecovery Recover()
    {
        var key = File.Exists(StagedKeyPath);
        var certificate = File.Exists(StagedCertificatePath);
        if (certificate)
        {
            if (key)
            {
                DurableFile.Move(StagedKeyPath, KeyPath);
            }
            DurableFile.Move(StagedCertificatePath, CertificatePath);
            return PairRecovery.Finished;
        }
        if (key)
        {
            DurableFile.Delete(StagedKeyPath);
            return PairRecovery.Discarded;
        }
        return PairRecovery.Nothing;
    }

    private void Commit()
    {
        DurableFile.Move(StagedKeyPath, KeyPath);
        DurableFile.Move(StagedCertificatePath, CertificatePath);
    }
}
