namespace PiController.Agent.Tests.Support;

/// <summary>A throw-away directory that stands in for "/" (or holds a config file), deleted when disposed.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Directory.CreateTempSubdirectory("pi-agent-tests-").FullName;
    }

    public string Root { get; }

    /// <summary>Writes <paramref name="text"/> at the absolute path <paramref name="absolute"/> inside the tree.</summary>
    public string Write(string absolute, string text)
    {
        var path = PathOf(absolute);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string PathOf(string absolute) => Path.Join(Root, absolute.TrimStart('/'));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
