namespace PiController.Packaging.Tests;

/// <summary>A fresh directory under /tmp, removed with everything in it afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "pic-pkg-tests-") => Path = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Join(Path, name);

    public string Directory(string name) => System.IO.Directory.CreateDirectory(File(name)).FullName;

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A mount left behind by a failed test (it is in a private namespace, so it is gone already) or a busy
            // file: the directory is under /tmp and the next boot clears it.
        }
    }
}
