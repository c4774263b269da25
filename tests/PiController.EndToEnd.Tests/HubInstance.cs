using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Grpc.Net.Client;
using PiController.Protocol.Trust;

namespace PiController.EndToEnd.Tests;

/// <summary>A hub process on a loopback port with its own data directory; restartable on the same state.</summary>
internal sealed class HubInstance : IDisposable
{
    private TestProcess? _process;

    public HubInstance(string? dataDirectory = null, int? port = null)
    {
        DataDirectory = dataDirectory ?? TempDirectory.Kept("pi-e2e", "hub");
        Port = port ?? LoopbackPort.Free();
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public Uri Address => new($"https://127.0.0.1:{Port}");

    public TestProcess Process => _process ?? throw new InvalidOperationException("hub not started");

    public string Fingerprint => HubTrust.Fingerprint(HubTrust.LoadCertificatePem(Path.Join(DataDirectory, "ca.crt")));

    /// <summary>The reusable join token the hub writes on first start (a syntactically valid stand-in before that).</summary>
    public string JoinToken => File.Exists(Path.Join(DataDirectory, "join.token"))
        ? File.ReadAllText(Path.Join(DataDirectory, "join.token")).Trim()
        : "PIC1" + new string('0', 64) + "::000000000000.00000000000000000000000000000000";

    public string AdminToken => File.ReadAllText(Path.Join(DataDirectory, "admin.token")).Trim();

    public static async Task<HubInstance> StartAsync(string? dataDirectory = null, int? port = null)
    {
        var hub = new HubInstance(dataDirectory, port);
        await hub.StartAsync();
        return hub;
    }

    public async Task StartAsync()
    {
        _process?.Dispose();
        _process = TestProcess.Start("dotnet", [Repo.HubDll, .. Arguments("serve", "--address", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--heartbeat-seconds", "1", "--mdns", "off")]);
        await _process.WaitForLineAsync("listening on", TimeSpan.FromSeconds(60));
    }

    public Task<int> StopAsync() => Process.TerminateAsync();

    public IEnumerable<string> Arguments(params string[] verb) => [.. verb, "--data-dir", DataDirectory];

    /// <summary>Runs the CLI of the same binary against this hub and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> CliAsync(params string[] arguments)
    {
        using var cli = TestProcess.Start("dotnet", [Repo.HubDll, .. arguments, "--data-dir", DataDirectory, "--hub", Address.ToString()]);
        var code = await cli.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(50);
        return (code, cli.Output);
    }

    private X509Certificate2 Ca => HubTrust.LoadCertificatePem(Path.Join(DataDirectory, "ca.crt"));

    /// <summary>An HTTP client that trusts only this hub's CA, with the admin token unless another is given ("" for none).</summary>
    public HttpClient Http(string? token = null) => HubTls.Http(Address, Ca, token is "" ? null : token ?? AdminToken);

    /// <summary>A gRPC channel that trusts only this hub's CA, with the admin token unless another is given.</summary>
    public GrpcChannel Grpc(string? token = null) => HubTls.Grpc(Address, Ca, token ?? AdminToken);

    public async Task<JsonElement[]> NodesAsync()
    {
        using var http = Http();
        var nodes = await http.GetFromJsonAsync<JsonElement[]>("/api/v1/nodes");
        return nodes!;
    }

    /// <summary>Polls the node list until <paramref name="condition"/> holds for the node (bounded).</summary>
    public Task<JsonElement> WaitForNodeAsync(string nodeId, Func<JsonElement, bool> condition, TimeSpan timeout) =>
        Eventually.ReachesAsync(
            async () => (await NodesAsync()).FirstOrDefault(n => n.GetProperty("nodeId").GetString() == nodeId),
            node => node.ValueKind == JsonValueKind.Object && condition(node),
            timeout,
            last => $"node {nodeId} did not reach the expected state within {timeout}; last seen: {(last.ValueKind == JsonValueKind.Object ? last.ToString() : "not listed")}\nhub output:\n{Process.Output}");

    public void Dispose() => _process?.Dispose();
}
