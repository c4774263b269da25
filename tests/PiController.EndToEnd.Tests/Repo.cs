using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace PiController.EndToEnd.Tests;

/// <summary>Where the programs under test are.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        Environment.GetEnvironmentVariable("PI_TEST_CONFIGURATION")
        ?? typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? "Debug";

    public static string HubDll => Path.Join(Root, "hub", "bin", Configuration, "net10.0", "pi-controller.dll");

    /// <summary>The NativeAOT agent when scripts/test published it, else the JIT build's apphost.</summary>
    public static string AgentBinary =>
        Environment.GetEnvironmentVariable("PI_AGENT_BINARY") is { Length: > 0 } published
            ? published
            : Path.Join(Root, "agent", "bin", Configuration, "net10.0", "pi-agent");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string TempDirectory(string name)
    {
        var path = Path.Join(Path.GetTempPath(), "pi-e2e", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
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
