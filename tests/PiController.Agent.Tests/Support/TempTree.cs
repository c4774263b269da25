namespace PiController.Agent.Tests.Support;

/// <summary>A throw-away directory that stands in for "/" (or holds a config file), deleted when disposed.</summary>
internal sealed class TempTree : IDisposable
{
    private readonly TempDirectory _directory = new("pi-agent-tests-");

    public string Root => _directory.Path;

    /// <summary>Writes <paramref name="text"/> at the absolute path <paramref name="absolute"/> inside the tree.</summary>
    public string Write(string absolute, string text)
    {
        var path = PathOf(absolute);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string PathOf(string absolute) => Path.Join(Root, absolute.TrimStart('/'));

    public void Dispose() => _directory.Dispose();
}
