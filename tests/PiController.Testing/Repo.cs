using System.Reflection;

namespace PiController.Testing;

/// <summary>Where the repository, its scripts and the programs under test are.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of the programs under test: PI_TEST_CONFIGURATION, else the tests' own.</summary>
    public static string Configuration { get; } =
        Environment.GetEnvironmentVariable("PI_TEST_CONFIGURATION")
        ?? typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? "Debug";

    public static string HubDll => Path.Join(Root, "hub", "bin", Configuration, "net10.0", "pi-controller.dll");

    /// <summary>The NativeAOT agent when scripts/test published it (PI_AGENT_BINARY), else the JIT build's apphost.</summary>
    public static string AgentBinary =>
        Environment.GetEnvironmentVariable("PI_AGENT_BINARY") is { Length: > 0 } published
            ? published
            : Path.Join(Root, "agent", "bin", Configuration, "net10.0", "pi-agent");

    /// <summary>
    /// The stand-in k3s (a test double of K3s, tests/PiController.K3sStandIn) to run on this machine:
    /// K3S_STANDIN_BINARY (scripts/test sets it to the NativeAOT binary it published), else the JIT build's apphost,
    /// which building Integration.Tests keeps current.
    /// </summary>
    public static string K3sStandIn =>
        Environment.GetEnvironmentVariable("K3S_STANDIN_BINARY") is { Length: > 0 } given
            ? given
            : Path.Join(Root, "tests", "PiController.K3sStandIn", "bin", Configuration, "net10.0", "k3s");

    /// <summary>The self-contained NativeAOT stand-in k3s scripts/test publishes, for hosts with no .NET (containers).</summary>
    public static string K3sStandInPublished => Path.Join(Root, "artifacts", "k3s-standin", "linux-x64", "k3s");

    public static string Script(string name) => Path.Join(Root, "scripts", name);

    /// <summary>The NativeAOT binaries scripts/test publishes and scripts/build-deb --no-publish packages.</summary>
    public static string Published(string program, string rid) =>
        Path.Join(Root, "artifacts", program == "pi-agent" ? "agent" : "hub", rid, program);

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>The path of <paramref name="name"/> on PATH (or in /usr/sbin, /sbin), or null.</summary>
    public static string? Tool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':').Concat(["/usr/sbin", "/sbin"])
            .Select(directory => Path.Join(directory, name))
            .FirstOrDefault(File.Exists);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Join(directory.FullName, "PiController.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("PiController.sln not found above " + AppContext.BaseDirectory);
    }
}
