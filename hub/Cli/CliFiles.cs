namespace PiController.Hub.Cli;

/// <summary>Files named on the command line, read with an error that names the flag and says what to do.</summary>
internal static class CliFiles
{
    /// <summary>The largest input file the CLI reads (resource documents are a few kilobytes).</summary>
    public const long MaxLength = 16 * 1024 * 1024;

    public static async Task<string> ReadTextAsync(string path, string flag, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"{flag} {path} is a directory; name a file");
        }
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new CliException($"{flag} {path}: no such file");
            }
            if (info.Length > MaxLength)
            {
                throw new CliException($"{flag} {path} is {info.Length:N0} bytes; at most {MaxLength:N0} are read");
            }
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or System.Security.SecurityException)
        {
            throw new CliException($"{flag} {path} cannot be read: {e.Message}");
        }
    }
}
