namespace PiController.EndToEnd.Tests;

/// <summary>A pi-agent process on the simulated board with its own data directory.</summary>
internal sealed class AgentInstance : IDisposable
{
    private TestProcess? _process;

    public AgentInstance(HubInstance hub, string serial, string? dataDirectory = null, string? fingerprint = null, Uri? hubAddress = null, string? extraConfig = null)
    {
        Serial = serial;
        DataDirectory = dataDirectory ?? TempDirectory.Kept("pi-e2e", "agent");
        Arguments =
        [
            "--hub", (hubAddress ?? hub.Address).ToString(),
            // The hub's reusable join token; a given fingerprint replaces the CA pin in it (a rogue or wrong CA).
            "--token", fingerprint is null ? hub.JoinToken : $"PIC1{fingerprint}{hub.JoinToken[68..]}",
            "--board", "sim",
            "--sim-serial", serial,
            "--data-dir", DataDirectory,
            "--config", Path.Join(DataDirectory, "agent.conf"),
        ];
        File.WriteAllText(Path.Join(DataDirectory, "agent.conf"), "# written by the end-to-end tests\nlog-level = debug\n# mDNS only inside network namespaces (tests/PiController.Network.Tests)\nmdns = off\n" + extraConfig);
    }

    public string Serial { get; }

    public string NodeId => Serial;

    public string DataDirectory { get; }

    public IReadOnlyList<string> Arguments { get; }

    public TestProcess Process => _process ?? throw new InvalidOperationException("agent not started");

    public static AgentInstance Start(HubInstance hub, string serial)
    {
        var agent = new AgentInstance(hub, serial);
        agent.Start();
        return agent;
    }

    /// <summary>A new hub and one agent on the simulated board with GPIO17 wired to GPIO27, connected to it.</summary>
    public static async Task<(HubInstance Hub, AgentInstance Agent)> StartWiredAsync(string serial)
    {
        var hub = await HubInstance.StartAsync();
        var agent = new AgentInstance(hub, serial, extraConfig: "sim-wiring = 17-27\n");
        agent.Start();
        await hub.WaitForNodeAsync(agent.NodeId, n => n.GetProperty("connected").GetBoolean(), TimeSpan.FromSeconds(30));
        return (hub, agent);
    }

    public void Start()
    {
        _process?.Dispose();
        _process = TestProcess.Start(Repo.AgentBinary, Arguments);
    }

    public Task<int> StopAsync() => Process.TerminateAsync();

    public void Dispose() => _process?.Dispose();
}
