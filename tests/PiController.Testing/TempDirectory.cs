namespace PiController.Testing;

/// <summary>A fresh directory under /tmp for one test, removed with everything in it afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    private readonly List<Action> _beforeDelete = [];

    public TempDirectory(string prefix = "pic-tests-") => Path = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Join(Path, name);

    /// <summary>Creates the sub-directory <paramref name="name"/> and returns its path.</summary>
    public string Directory(string name) => System.IO.Directory.CreateDirectory(File(name)).FullName;

    /// <summary>Runs <paramref name="cleanup"/> before the directory goes (release what keeps its files open).</summary>
    public void BeforeDelete(Action cleanup) => _beforeDelete.Add(cleanup);

    /// <summary>
    /// A directory for a program under test (its data directory), <c>/tmp/GROUP/NAME-RANDOM</c>; left in place, so
    /// that what the program wrote can be read after a failure.
    /// </summary>
    public static string Kept(string group, string name)
    {
        var path = System.IO.Path.Join(System.IO.Path.GetTempPath(), group, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var cleanup in _beforeDelete)
        {
            cleanup();
        }
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A mount left behind by a failed test (in a private namespace, so gone already) or a busy file: the
            // directory is under /tmp and the next boot clears it.
        }
    }
}
