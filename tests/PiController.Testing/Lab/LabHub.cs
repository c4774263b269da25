using System.Globalization;
using System.Text.Json;

namespace PiController.Testing.Lab;

/// <summary>The hub (pi-controller serve) on one lab host, port 8443, mDNS on; its CLI is run on the same host.</summary>
public sealed class LabHub
{
    private readonly NetworkLab _lab;

    private LabHub(NetworkLab lab, int host, string dataDirectory, TestProcess process)
    {
        (_lab, HostNumber, DataDirectory, Process) = (lab, host, dataDirectory, process);
    }

    public int HostNumber { get; }

    public string DataDirectory { get; }

    public TestProcess Process { get; }

    public string Url => $"https://{NetworkLab.Address(HostNumber)}:8443";

    public string JoinToken => File.ReadAllText(Path.Join(DataDirectory, "join.token")).Trim();

    public static async Task<LabHub> StartAsync(NetworkLab lab, int host, params string[] extra)
    {
        var data = TempDirectory.Kept("pi-net", "hub");
        var process = lab.Start(host, "dotnet", [Repo.HubDll, "serve", "--data-dir", data, "--port", "8443", "--heartbeat-seconds", "1", .. extra]);
        await process.WaitForLineAsync("listening on", TimeSpan.FromSeconds(90));
        if (!string.Join(' ', extra).Contains("--mdns off", StringComparison.Ordinal))
        {
            await process.WaitForLineAsync("mDNS: announced", TimeSpan.FromSeconds(30));
        }
        return new LabHub(lab, host, data, process);
    }

    /// <summary>Runs the CLI against this hub from its own host; fails with the output when the exit code is not 0.</summary>
    public async Task<string> CliAsync(params string[] arguments)
    {
        var (code, output) = await _lab.RunAsync(HostNumber, "dotnet", [Repo.HubDll, .. arguments, "--data-dir", DataDirectory, "--hub", Url]);
        if (code != 0)
        {
            throw new InvalidOperationException($"pi-controller {string.Join(' ', arguments)} exited {code}:\n{output}");
        }
        return output;
    }

    public async Task<(int Code, string Output)> TryCliAsync(params string[] arguments) =>
        await _lab.RunAsync(HostNumber, "dotnet", [Repo.HubDll, .. arguments, "--data-dir", DataDirectory, "--hub", Url]);

    public async Task<JsonElement[]> MachinesAsync()
    {
        var json = await CliAsync("discover", "--json");
        return JsonSerializer.Deserialize<JsonElement[]>(json)!;
    }

    public static string Id(JsonElement machine) => machine.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
}
