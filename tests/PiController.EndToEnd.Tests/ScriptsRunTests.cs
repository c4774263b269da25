using System.Net;
using System.Net.Sockets;

namespace PiController.EndToEnd.Tests;

/// <summary>scripts/run starts our hub or says why not; it never shows its banner for a port another program answers.</summary>
public sealed class ScriptsRunTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private static TestProcess Run(int port, string runDirectory) =>
        TestProcess.Start("bash", [Path.Join(Repo.Root, "scripts", "run"), "--no-build"], new Dictionary<string, string>
        {
            ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PI_RUN_DIR"] = runDirectory,
        });

    [Fact]
    public async Task Scripts_run_refuses_a_port_another_program_holds_and_names_PORT()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var port = ((IPEndPoint)other.LocalEndpoint).Port;
        var runDirectory = TempDirectory.Kept("pi-e2e", "run");

        using var run = Run(port, runDirectory);
        var code = await run.WaitForExitAsync(Bound);

        Assert.True(code != 0, "scripts/run exited 0:\n" + run.Output);
        Assert.Contains($"port {port} on 127.0.0.1 is in use by another program", run.Output, StringComparison.Ordinal);
        Assert.Contains("PORT=", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Hub:", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Join(runDirectory, "hub")), "a hub was started anyway");
    }

    [Fact]
    public async Task Scripts_run_shows_its_banner_once_its_own_hub_answers_and_stops_both_on_SIGTERM()
    {
        var port = LoopbackPort.Free();
        var runDirectory = TempDirectory.Kept("pi-e2e", "run");

        using var run = Run(port, runDirectory);
        await run.WaitForLineAsync($"Hub:    https://127.0.0.1:{port}", Bound);
        Assert.True(File.Exists(Path.Join(runDirectory, "hub", "ca.crt")));
        await run.TerminateAsync(TimeSpan.FromSeconds(30));

        await run.WaitForLineAsync("Stopped hub and agent.", TimeSpan.FromSeconds(5));
        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, port));
    }
}
