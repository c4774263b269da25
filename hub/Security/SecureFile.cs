using System.Text;

namespace PiController.Hub.Security;

/// <summary>Writes files that hold secrets: created with mode 0600 from the start, then moved into place.</summary>
internal static class SecureFile
{
    public static void WriteAllText(string path, string contents) => WriteAllBytes(path, Encoding.UTF8.GetBytes(contents), overwrite: true);

    /// <summary>Writes <paramref name="contents"/> with mode 0600; with <paramref name="overwrite"/> false, an existing file wins (IOException).</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents, bool overwrite)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(contents);
            stream.Flush(flushToDisk: true);
        }
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(temporary, path, overwrite);
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static void WritePublic(string path, string contents)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, contents);
        File.Move(temporary, path, overwrite: true);
    }
}
