using System.Security.Cryptography;
using PiController.Agent.Platform;
using PiController.Protocol.Link;
using PiController.Protocol.Storage;

namespace PiController.Agent.K3s;

/// <summary>
/// The file half of the K3s steps, under a root (production "/", tests a temporary tree): place a verified release
/// file, link, write a file atomically, remove. Paths were checked against <see cref="K3sPaths"/> by the caller. Every
/// write goes to a hidden temporary file next to the target, is flushed, and is renamed over it: a power cut leaves the
/// old file or the new one, never half of one.
/// </summary>
internal sealed class K3sFiles(SystemRoot root)
{
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Readable = (UnixFileMode)0b110_100_100;

    public string PathOf(string absolute) => root.PathOf(absolute);

    /// <summary>The SHA-256 of the file at <paramref name="absolute"/>, or null when there is no regular file.</summary>
    public string? Sha256Of(string absolute)
    {
        var path = PathOf(absolute);
        if (!File.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            return null;
        }
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Puts the downloaded file <paramref name="staged"/> (checked again here) at <paramref name="absolute"/>; with
    /// <paramref name="keepPrevious"/> the file it replaces is first kept as <see cref="K3sPaths.PreviousBinary"/>.
    /// </summary>
    public string Place(string staged, string sha256, string absolute, bool binary, bool keepPrevious)
    {
        if (!File.Exists(staged))
        {
            throw K3sStepException.Precondition($"the K3s file {sha256[..16]}... was not downloaded to {staged}; run the step again");
        }
        using (var stream = File.OpenRead(staged))
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (actual != sha256)
            {
                File.Delete(staged);
                throw K3sStepException.Precondition($"the downloaded file has SHA-256 {actual[..16]}..., not {sha256[..16]}...; it was deleted and {absolute} left as it was");
            }
        }
        var target = PathOf(absolute);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var detail = $"placed {absolute} ({sha256[..16]}...)";
        if (keepPrevious && File.Exists(target))
        {
            CopyAtomically(target, PathOf(K3sPaths.PreviousBinary), Executable);
            detail += $"; kept the previous binary as {K3sPaths.PreviousBinary}";
        }
        CopyAtomically(staged, target, binary ? Executable : Readable);
        File.Delete(staged);
        return detail;
    }

    /// <summary>
    /// Exchanges <see cref="K3sPaths.Binary"/> and <see cref="K3sPaths.PreviousBinary"/> (a rollback, undone by another);
    /// unchanged when the binary already has <paramref name="sha256"/>, refused when there is no previous binary or it
    /// does not have that hash. Each file is replaced atomically: a power cut leaves a whole binary in both places.
    /// </summary>
    public (bool Changed, string Detail) RestorePrevious(string? sha256)
    {
        var current = Sha256Of(K3sPaths.Binary);
        if (sha256 is not null && current == sha256)
        {
            return (false, $"{K3sPaths.Binary} already has SHA-256 {sha256[..16]}...");
        }
        var previous = Sha256Of(K3sPaths.PreviousBinary)
            ?? throw K3sStepException.Precondition($"there is no {K3sPaths.PreviousBinary} on this node: nothing to roll back to (it is kept when an upgrade replaces the binary)");
        if (sha256 is not null && previous != sha256)
        {
            throw K3sStepException.Precondition($"{K3sPaths.PreviousBinary} has SHA-256 {previous[..16]}..., not {sha256[..16]}... (another release); nothing was changed");
        }
        var binary = PathOf(K3sPaths.Binary);
        var kept = PathOf(K3sPaths.PreviousBinary);
        var swap = binary + ".pi-agent.rollback";
        if (current is not null)
        {
            CopyAtomically(binary, swap, Executable);
        }
        CopyAtomically(kept, binary, Executable);
        if (current is not null)
        {
            DurableFile.Move(swap, kept);
        }
        return (true, $"restored {K3sPaths.Binary} from {K3sPaths.PreviousBinary} ({previous[..16]}...)" +
            (current is null ? "" : $"; the replaced binary ({current[..16]}...) is now {K3sPaths.PreviousBinary}"));
    }

    /// <summary>Links <paramref name="absolute"/> to <paramref name="target"/>; unchanged when it already does, or when another file has that name (left alone, said in the detail).</summary>
    public (bool Changed, string Detail) Link(string absolute, string target)
    {
        var path = PathOf(absolute);
        var existing = new FileInfo(path);
        if (existing.LinkTarget is { } current)
        {
            if (current == target)
            {
                return (false, $"{absolute} already links to {target}");
            }
        }
        else if (existing.Exists || Directory.Exists(path))
        {
            return (false, $"left {absolute} alone: it is not a link to {target} (a {Path.GetFileName(absolute)} installed otherwise)");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = Temporary(path);
        File.Delete(temporary);
        File.CreateSymbolicLink(temporary, target);
        File.Move(temporary, path, overwrite: true);
        return (true, $"linked {absolute} to {target}");
    }

    /// <summary>Writes <paramref name="content"/> with <paramref name="mode"/>; unchanged when the file has both already, or exists and <paramref name="onlyIfAbsent"/>.</summary>
    public (bool Changed, string Detail) Write(string absolute, ReadOnlySpan<byte> content, UnixFileMode mode, bool onlyIfAbsent)
    {
        var path = PathOf(absolute);
        if (File.Exists(path))
        {
            if (onlyIfAbsent)
            {
                return (false, $"kept the existing {absolute}");
            }
            if (File.GetUnixFileMode(path) == mode && File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
            {
                return (false, $"{absolute} is up to date");
            }
        }
        var directory = Path.GetDirectoryName(path)!;
        // K3s keeps its server state private; install.sh's directories under /etc are world-readable.
        var privateDirectory = absolute.StartsWith(K3sPaths.DataDirectory + "/server", StringComparison.Ordinal);
        Directory.CreateDirectory(directory, privateDirectory ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute : Executable);
        var temporary = Temporary(path);
        using (var file = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode }))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }
        File.SetUnixFileMode(temporary, mode);
        DurableFile.Move(temporary, path);
        return (true, $"wrote {absolute} (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')})");
    }

    /// <summary>Removes a file or link; unchanged when absent; with <paramref name="onlySymlink"/> a regular file is left alone.</summary>
    public (bool Changed, string Detail) Remove(string absolute, bool onlySymlink)
    {
        var path = PathOf(absolute);
        var info = new FileInfo(path);
        if (info.LinkTarget is null && !info.Exists)
        {
            return (false, $"{absolute} is not there");
        }
        if (onlySymlink && info.LinkTarget is null)
        {
            return (false, $"left {absolute} alone: it is not a link K3s's install made");
        }
        File.Delete(path);
        return (true, $"removed {absolute}");
    }

    /// <summary>Removes a directory tree; refused while anything is mounted under it (the unmount steps come first).</summary>
    public (bool Changed, string Detail) RemoveTree(string absolute, IReadOnlyList<string> mountPoints)
    {
        var path = PathOf(absolute);
        if (!Directory.Exists(path))
        {
            return (false, $"{absolute} is not there");
        }
        var mounted = mountPoints.FirstOrDefault(m => m == absolute || m.StartsWith(absolute + "/", StringComparison.Ordinal));
        if (mounted is not null)
        {
            throw K3sStepException.Precondition($"{mounted} is still mounted; the unmount steps of the uninstall remove it first: run the uninstall again");
        }
        Directory.Delete(path, recursive: true);
        return (true, $"removed {absolute} and everything under it");
    }

    private static void CopyAtomically(string source, string target, UnixFileMode mode)
    {
        var temporary = Temporary(target);
        using (var input = File.OpenRead(source))
        using (var output = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode }))
        {
            input.CopyTo(output, 1 << 20);
            output.Flush(flushToDisk: true);
        }
        File.SetUnixFileMode(temporary, mode);
        DurableFile.Move(temporary, target);
    }

    private static string Temporary(string path) => Path.Join(Path.GetDirectoryName(path), $".{Path.GetFileName(path)}.pi-agent.tmp");
}
