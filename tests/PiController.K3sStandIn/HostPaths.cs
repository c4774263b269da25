namespace PiController.K3sStandIn;

/// <summary>
/// Host paths as the stand-in sees them. K3S_STANDIN_ROOT (tests only; K3s has no such variable) puts every absolute
/// path under a directory, so that a test on a shared machine runs a server whose /etc/rancher/k3s and
/// /var/lib/rancher/k3s are its own temporary folders. Unset, paths are the host's, as in a container.
/// </summary>
internal static class HostPaths
{
    public const string RootVariable = "K3S_STANDIN_ROOT";

    public const string ConfigFile = "/etc/rancher/k3s/config.yaml";
    public const string Kubeconfig = "/etc/rancher/k3s/k3s.yaml";
    public const string DataDirectory = "/var/lib/rancher/k3s";

    public static string Map(string path) =>
        Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root && Path.IsPathRooted(path)
            ? Path.Join(root, path)
            : path;

    /// <summary>Creates the file's directory and writes it with <paramref name="mode"/> from its first byte on.</summary>
    public static void Write(string path, string content, UnixFileMode mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }
        File.SetUnixFileMode(temporary, mode);
        File.Move(temporary, path, overwrite: true);
    }
}
