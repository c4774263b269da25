using PiController.Testing.Hosts;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// The hub in the lab's hub namespace as <see cref="LabHub"/> runs it, with its lab address in its TLS certificate
/// (<c>--tls-san</c>): apt on a host checks the hub's name, where the agents pin the hub's CA.
/// </summary>
internal sealed class AdoptLabHub
{
    private readonly HostLab _lab;

    private AdoptLabHub(HostLab lab, string dataDirectory, TestProcess process) => (_lab, DataDirectory, Process) = (lab, dataDirectory, process);

    public string DataDirectory { get; }

    public TestProcess Process { get; }

    public string Url => $"https://{_lab.HubAddress}:8443";

    public static async Task<AdoptLabHub> StartAsync(HostLab lab)
    {
        var data = TempDirectory.Kept("pi-hosts", "hub");
        var process = lab.StartInHub("dotnet", [Repo.HubDll, "serve", "--data-dir", data, "--address", lab.HubAddress, "--port", "8443",
            "--tls-san", lab.HubAddress, "--heartbeat-seconds", "1", "--mdns", "off"]);
        await process.WaitForLineAsync("listening on", TimeSpan.FromSeconds(90));
        return new AdoptLabHub(lab, data, process);
    }

    public Task<(int Code, string Output)> TryCliAsync(params string[] arguments) => TryCliWithInputAsync(null, arguments);

    /// <summary>Runs the CLI with <paramref name="input"/> on its stdin (its secrets); its exit code and output.</summary>
    public async Task<(int Code, string Output)> TryCliWithInputAsync(string? input, params string[] arguments)
    {
        var result = await _lab.RunInHubAsync("dotnet", [Repo.HubDll, .. arguments, "--data-dir", DataDirectory, "--hub", Url], input, TimeSpan.FromMinutes(4));
        return (result.ExitCode, result.All);
    }

    /// <summary>Runs the CLI; fails with its output unless it exits 0.</summary>
    public async Task<string> CliAsync(params string[] arguments) =>
        (await _lab.RunInHubAsync("dotnet", [Repo.HubDll, .. arguments, "--data-dir", DataDirectory, "--hub", Url], timeout: TimeSpan.FromMinutes(3)))
            .Ok("pi-controller " + string.Join(' ', arguments)).Output;
}
