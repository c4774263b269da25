using System.Net;
using System.Net.Sockets;

namespace PiController.Packaging.Tests;

/// <summary>Where the repository, its scripts and the published binaries are.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Script(string name) => Path.Join(Root, "scripts", name);

    /// <summary>The NativeAOT binaries scripts/test publishes and scripts/build-deb --no-publish packages.</summary>
    public static string Published(string program, string rid) =>
        Path.Join(Root, "artifacts", program == "pi-agent" ? "agent" : "hub", rid, program);

    public static bool IsRoot => Environment.UserName == "root";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first of <paramref name="names"/> that is on PATH, or null.</summary>
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
