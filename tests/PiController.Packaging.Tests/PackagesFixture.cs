namespace PiController.Packaging.Tests;

/// <summary>
/// The .deb files, built once for the whole test run by scripts/build-deb --no-publish from the NativeAOT binaries
/// scripts/test published: the agent for amd64 and arm64, the hub for amd64 (and arm64 if its binary is there).
/// </summary>
public sealed class PackagesFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new("pic-debs-");
    private readonly Dictionary<string, string> _extracted = new(StringComparer.Ordinal);

    public string Directory => _directory.Path;

    public string Version { get; private set; } = "";

    public Run.Result? AgentBuild { get; private set; }

    public Run.Result? HubBuild { get; private set; }

    public string Deb(string package, string architecture) => Path.Join(Directory, $"{package}_{Version}_{architecture}.deb");

    public async Task InitializeAsync()
    {
        if (PackagingFactAttribute.MissingPrerequisite() is not null)
        {
            return;
        }
        var props = await File.ReadAllTextAsync(Path.Join(Repo.Root, "Directory.Build.props"));
        Version = System.Text.RegularExpressions.Regex.Match(props, "<Version>(.*)</Version>").Groups[1].Value;
        AgentBuild = await Run.Async(Repo.Script("build-deb"), ["--no-publish", "--package", "agent", "--arch", "amd64", "--arch", "arm64", "--out", Directory], timeout: TimeSpan.FromMinutes(5));
        var hubArguments = new List<string> { "--no-publish", "--package", "hub", "--arch", "amd64", "--out", Directory };
        if (File.Exists(Repo.Published("pi-controller", "linux-arm64")))
        {
            hubArguments.AddRange(["--arch", "arm64"]);
        }
        HubBuild = await Run.Async(Repo.Script("build-deb"), hubArguments, timeout: TimeSpan.FromMinutes(5));
    }

    /// <summary>The package's files unpacked with dpkg-deb -x (once per package), for looking at and for running.</summary>
    public async Task<string> ExtractAsync(string deb)
    {
        if (_extracted.TryGetValue(deb, out var existing))
        {
            return existing;
        }
        var target = System.IO.Directory.CreateDirectory(Path.Join(Directory, "x-" + Path.GetFileNameWithoutExtension(deb))).FullName;
        (await Run.Async("dpkg-deb", "-x", deb, target)).Ok("dpkg-deb -x " + deb);
        _extracted[deb] = target;
        return target;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _directory.Dispose();
}

[CollectionDefinition(Name)]
public sealed class PackagesCollection : ICollectionFixture<PackagesFixture>
{
    public const string Name = "packages";
}
