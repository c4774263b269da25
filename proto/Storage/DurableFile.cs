using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace PiController.Protocol.Storage;

/// <summary>
/// Writes the files the agent and the hub cannot afford to lose or find half-written (keys, certificates,
/// tokens, pins.state): the contents go to a temporary file created with its final mode, are flushed to disk,
/// renamed over the target, and the directory is flushed too, so that after a power cut the name points at
/// either the whole old file or the whole new one, never at an empty or partial one.
/// </summary>
public static class DurableFile
{
    /// <summary>Mode 0600: keys and tokens.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Mode 0644: certificates and other files with nothing secret in them.</summary>
    public const UnixFileMode Public = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC, the same on x64 and arm64

    /// <summary>
    /// Replaces (or creates) <paramref name="path"/> with <paramref name="contents"/> and <paramref name="mode"/>.
    /// With <paramref name="overwrite"/> false an existing file wins: <see cref="IOException"/>, and nothing changes.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> contents, UnixFileMode mode, bool overwrite = true)
    {
        // A name of its own per write: two writers never share a temporary file, and a stale one left by a crash
        // (whatever its mode) is never reused.
        var temporary = $"{path}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = mode,
            }))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }
            // The umask may have taken bits off; a secret never gets more than asked for.
            File.SetUnixFileMode(temporary, mode);
            File.Move(temporary, path, overwrite);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        SyncDirectoryOf(path);
    }

    /// <summary>Renames <paramref name="source"/> over <paramref name="destination"/> and flushes the directory.</summary>
    public static void Move(string source, string destination)
    {
        File.Move(source, destination, overwrite: true);
        SyncDirectoryOf(destination);
    }

    /// <summary>Removes <paramref name="path"/> (nothing if it is not there) and flushes the directory, so it stays removed.</summary>
    public static void Delete(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }
        File.Delete(path);
        SyncDirectoryOf(path);
    }

    /// <summary>fsync(2) on the directory that holds <paramref name="path"/>: makes a rename or an unlink in it durable.</summary>
    public static void SyncDirectoryOf(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var fd = Open(directory, ReadOnlyCloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open {directory} to flush it to disk: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        try
        {
            // EINVAL: a file system that cannot sync directories (some FUSE and network ones); nothing more to do there.
            if (Fsync(fd) != 0 && Marshal.GetLastPInvokeError() is var error && error != Einval)
            {
                throw new IOException($"cannot flush {directory} to disk: {Marshal.GetPInvokeErrorMessage(error)}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private const int Einval = 22;

    // .NET opens no handle on a directory (FileStream and File.OpenHandle refuse one), so open(2) and fsync(2) directly.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
