using System.Reflection;

namespace PiController.Network.Tests.Lab;

/// <summary>Where the programs under test are: the hub's dll and the agent (NativeAOT when scripts/test published it).</summary>
internal static class Programs
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        Environment.GetEnvironmentVariable("PI_TEST_CONFIGURATION")
        ?? typeof(Programs).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? "Debug";

    public static string HubDll => Path.Join(Root, "hub", "bin", Configuration, "net10.0", "pi-controller.dll");

    public static string Agent =>
        Environment.GetEnvironmentVariable("PI_AGENT_BINARY") is { Length: > 0 } published
            ? published
            : Path.Join(Root, "agent", "bin", Configuration, "net10.0", "pi-agent");

    public static string TempDirectory(string name)
    {
        var path = Path.Join(Path.GetTempPath(), "pi-net", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(path);
        return path;
    }

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
