using System.Diagnostics;
using System.Globalization;

namespace PiController.Testing.Lab;

/// <summary>
/// Hosts made of network namespaces on one bridge (TESTING.md): host i is "PREFIX-i" with eth0 = 10.77.0.i/24,
/// and multicast leaves only through that eth0 (the route 224.0.0.0/4 dev eth0). The prefix is random per lab, so
/// labs never collide; Dispose ends the lab's processes by id and deletes every namespace, also after a failure.
/// </summary>
public sealed class NetworkLab : IDisposable
{
    private readonly List<string> _namespaces = [];
    private readonly List<TestProcess> _processes = [];

    private NetworkLab(string prefix) => Prefix = prefix;

    public string Prefix { get; }

    public static bool CanRun => Environment.UserName == "root" && (File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip") || File.Exists("/bin/ip"));

    /// <summary>Creates hosts 1..<paramref name="hosts"/>.</summary>
    public static NetworkLab Create(int hosts)
    {
        var lab = new NetworkLab("pcd" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..3]));
        try
        {
            var bridge = lab.Namespace("br");
            Ip("-n", bridge, "link", "add", "br0", "type", "bridge");
            Ip("-n", bridge, "link", "set", "br0", "up");
            for (var i = 1; i <= hosts; i++)
            {
                var host = lab.Namespace(i.ToString(CultureInfo.InvariantCulture));
                var port = $"p{i}";
                Ip("link", "add", "eth0", "netns", host, "type", "veth", "peer", "name", port, "netns", bridge);
                Ip("-n", bridge, "link", "set", port, "master", "br0");
                Ip("-n", bridge, "link", "set", port, "up");
                Ip("-n", host, "addr", "add", $"{Address(i)}/24", "dev", "eth0");
                Ip("-n", host, "link", "set", "eth0", "up");
                Ip("-n", host, "route", "add", "224.0.0.0/4", "dev", "eth0");
            }
        }
        catch
        {
            lab.Dispose();
            throw;
        }
        return lab;
    }

    public static string Address(int host) => $"10.77.0.{host}";

    public string Host(int host) => $"{Prefix}-{host}";

    /// <summary>Runs a program inside host <paramref name="host"/>'s namespace.</summary>
    public TestProcess Start(int host, string program, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var process = TestProcess.Start("ip", ["netns", "exec", Host(host), program, .. arguments], environment);
        _processes.Add(process);
        return process;
    }

    /// <summary>Runs a command in the host's namespace to its end (bounded) and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(int host, string program, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        using var process = TestProcess.Start("ip", ["netns", "exec", Host(host), program, .. arguments]);
        var code = await process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60));
        await Task.Delay(50);
        return (code, process.Output);
    }

    /// <summary>Runs ip(8) with the given arguments and fails with its output when it fails.</summary>
    public static void Ip(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ip", arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {error}");
        }
    }

    private string Namespace(string name)
    {
        var full = $"{Prefix}-{name}";
        Ip("netns", "add", full);
        _namespaces.Add(full);
        Ip("-n", full, "link", "set", "lo", "up");
        return full;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }
        foreach (var name in _namespaces)
        {
            try
            {
                Ip("netns", "del", name);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }
}
