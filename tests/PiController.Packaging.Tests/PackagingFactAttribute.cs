namespace PiController.Packaging.Tests;

/// <summary>
/// A test of the built packages. It runs when scripts/test has published the NativeAOT agent (amd64 and arm64)
/// and hub (amd64) into artifacts/ and installed the Debian tools; otherwise it is reported as skipped, naming
/// what is missing.
/// </summary>
public sealed class PackagingFactAttribute : FactAttribute
{
    public PackagingFactAttribute(params string[] tools)
    {
        Skip = MissingPrerequisite(tools);
    }

    /// <summary>The test mounts, chroots or installs packages: it is skipped unless it runs as root.</summary>
    public bool Root
    {
        get => _root;
        set
        {
            _root = value;
            if (value && !Repo.IsRoot)
            {
                Skip ??= "needs root (mount namespaces, chroot, dpkg)";
            }
        }
    }

    private bool _root;

    public static string? MissingPrerequisite(params string[] tools)
    {
        foreach (var (program, rid) in new[] { ("pi-agent", "linux-x64"), ("pi-agent", "linux-arm64"), ("pi-controller", "linux-x64") })
        {
            if (!File.Exists(Repo.Published(program, rid)))
            {
                return $"{Repo.Published(program, rid)} is missing (scripts/test publishes it)";
            }
        }
        foreach (var tool in tools.Append("dpkg-deb"))
        {
            if (Repo.Tool(tool) is null)
            {
                return $"{tool} is not installed (scripts/test installs it)";
            }
        }
        return null;
    }
}
