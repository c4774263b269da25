using PiController.Testing.Hosts;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// The hub (pi-controller serve) as a process of the test in the lab's hub namespace, on 10.77.SUBNET.1:8443, where
/// the hosts reach it, with that address in its TLS certificate (apt on a host checks the name; agents pin the CA);
/// its CLI runs in the same namespace against it.
/// </summary>
internal sealed class LabHub
{
    private readonly HostLab _lab;

    private LabHub(HostLab lab, string dataDirectory, TestProcess process) => (_lab, DataDirectory, Process) = (lab, dataDirectory, process);

    public string DataDirectory { get; }

    public TestProcess Process { get; private set; }

    public string Url => $"https://{_lab.HubAddress}:8443";

    public string JoinToken => File.ReadAllText(Path.Join(DataDirectory, "join.token")).Trim();

    public static async Task<LabHub> StartAsync(HostLab lab)
    {
        var data = TempDirectory.Kept("pi-hosts", "hub");
        return new LabHub(lab, data, await ServeAsync(lab, data));
    }

    /// <summary>Ends the hub with SIGKILL (no orderly stop: what a power cut does) and starts it again on the same data directory.</summary>
    public async Task KillAndRestartAsync()
    {
        using (var hub = System.Diagnostics.Process.GetProcessById(Process.Id))
        {
            hub.Kill();
        }
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Process = await ServeAsync(_lab, DataDirectory);
    }

    private static async Task<TestProcess> ServeAsync(HostLab lab, string data)
    {
        var process = lab.StartInHub("dotnet", [Repo.HubDll, "serve", "--data-dir", data, "--address", lab.HubAddress, "--port", "8443",
            "--tls-san", lab.HubAddress, "--heartbeat-seconds", "1", "--mdns", "off"]);
        await process.WaitForLineAsync("listening on", TimeSpan.FromSeconds(90));
        return process;
    }

    /// <summary>Starts the CLI in the hub's namespace and returns it running (for a command followed while the hub is killed).</summary>
    public TestProcess StartCli(params string[] arguments) => _lab.StartInHub("dotnet", [Repo.HubDll, .. arguments, "--data-dir", DataDirectory, "--hub", Url]);

    /// <summary>Runs the CLI against this hub from the hub's namespace and returns its exit code and output (stdout and stderr).</summary>
    public Task<(int Code, string Output)> TryCliAsync(params string[] arguments) => TryCliWithInputAsync(null, arguments);

    /// <summary>As <see cref="TryCliAsync"/>, with <paramref name="input"/> on the CLI's stdin (its secrets).</summary>
    public async Task<(int Code, string Output)> TryCliWithInputAsync(string? input, params string[] arguments)
    {
        var result = await _lab.RunInHubAsync("dotnet", [Repo.HubDll, .. arguments, "--data-dir", DataDirectory, "--hub", Url], input, TimeSpan.FromMinutes(4));
        return (result.ExitCode, result.All);
    }

    /// <summary>Runs the CLI against this hub from the hub's namespace; fails with its output unless it exits 0.</summary>
    public async Task<string> CliAsync(params string[] arguments) =>
        (await _lab.RunInHubAsync("dotnet", [Repo.HubDll, .. arguments, "--data-dir", DataDirectory, "--hub", Url], timeout: TimeSpan.FromMinutes(3)))
            .Ok("pi-controller " + string.Join(' ', arguments)).Output;
}
