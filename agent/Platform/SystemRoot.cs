namespace PiController.Agent.Platform;

/// <summary>
/// The root of the file system the agent reads its facts from. Production uses "/"; tests point it at a
/// fixture tree of /proc, /sys, /dev and /etc so every reader can be exercised without the hardware.
/// </summary>
internal sealed class SystemRoot(string root)
{
    public static SystemRoot Host { get; } = new("/");

    public string Root { get; } = root;

    public string PathOf(string absolute) =>
        Root == "/" ? absolute : Path.Join(Root, absolute.TrimStart('/'));

    /// <summary>Reads a small text file, or null when it does not exist or cannot be read.</summary>
    public string? ReadText(string absolute)
    {
        try
        {
            return File.ReadAllText(PathOf(absolute));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads a small binary file (a device-tree cell), or null when it does not exist or cannot be read.</summary>
    public byte[]? ReadBytes(string absolute)
    {
        try
        {
            return File.ReadAllBytes(PathOf(absolute));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The names of the entries of a directory (files, devices, links, subdirectories); empty when it is missing.</summary>
    public IReadOnlyList<string> EntryNames(string absoluteDirectory)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(PathOf(absoluteDirectory))
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>True when something (file, device, directory or link) exists at the path.</summary>
    public bool Exists(string absolute)
    {
        var path = PathOf(absolute);
        return File.Exists(path) || Directory.Exists(path);
    }

    /// <summary>Reads a device-tree style string: NUL-terminated, possibly with trailing NULs.</summary>
    public string? ReadTrimmed(string absolute)
    {
        var text = ReadText(absolute)?.Trim('\0', ' ', '\n', '\r', '\t');
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
