using PiController.Testing.Hosts;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// The hub (pi-controller serve) as a process of the test in the lab's hub namespace, on 10.77.SUBNET.1:8443, where
/// the hosts reach it; its CLI runs in the same namespace against it.
/// </summary>
internal sealed class LabHub
{
    private readonly HostLab _lab;

    private LabHub(HostLab lab, string dataDirectory, TestProcess process) => (_lab, DataDirectory, Process) = (lab, dataDirectory, process);

    public string DataDirectory { get; }

    public TestProcess Process { get; }

    public string Url => $"https://{_lab.HubAddress}:8443";

    public string JoinToken => File.ReadAllText(Path.Join(DataDirectory, "join.token")).Trim();

    public static async Task<LabHub> StartAsync(HostLab lab)
    {
        var data = TempDirectory.Kept("pi-hosts", "hub");
        var process = lab.StartInHub("dotnet", [Repo.HubDll, "serve", "--data-dir", data, "--address", lab.HubAddress, "--port", "8443",
            "--heartbeat-seconds", "1", "--mdns", "off"]);
        await process.WaitForLineAsync("listening on", TimeSpan.FromSeconds(90));
        return new LabHub(lab, data, process);
    }

    /// <summary>
    /// A REST call with curl from the hub's namespace, the admin token sent from a 0600 header file (never in argv),
    /// the body through stdin; returns the status code and the body.
    /// </summary>
    public async Task<(int Status, string Body)> RestAsync(string method, string path, string? json = null)
    {
        var header = Path.Join(DataDirectory, "..", Path.GetFileName(DataDirectory) + ".authorization");
        if (!File.Exists(header))
        {
            await File.WriteAllTextAsync(header, $"Authorization: Bearer {File.ReadAllText(Path.Join(DataDirectory, "admin.token")).Trim()}\n");
            File.SetUnixFileMode(header, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        string[] body = json is null ? [] : ["-H", "Content-Type: application/json", "--data-binary", "@-"];
        // The hub's certificate names localhost, not its address on the bridge (the CLI and the agents pin the CA instead).
        var result = (await _lab.RunInHubAsync("curl", ["-sS", "--cacert", Path.Join(DataDirectory, "ca.crt"), "--resolve", $"localhost:8443:{_lab.HubAddress}",
            "-H", "@" + header, "-X", method, .. body, "-w", "\n%{http_code}", "https://localhost:8443" + path], input: json, timeout: TimeSpan.FromMinutes(2))).Ok($"curl {method} {path}");
        var split = result.Output.TrimEnd().LastIndexOf('\n');
        return (int.Parse(result.Output[(split + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture), result.Output[..Math.Max(split, 0)]);
    }

    /// <summary>Runs the CLI against this hub from the hub's namespace; fails with its output unless it exits 0.</summary>
    public async Task<string> CliAsync(params string[] arguments) =>
        (await _lab.RunInHubAsync("dotnet", [Repo.HubDll, .. arguments, "--data-dir", DataDirectory, "--hub", Url], timeout: TimeSpan.FromMinutes(3)))
            .Ok("pi-controller " + string.Join(' ', arguments)).Output;
}
