namespace PiController.Testing.Lab;

/// <summary>A pi-agent on the simulated board on one lab host; without a hub address unless one is given.</summary>
public static class LabAgent
{
    public static TestProcess Start(NetworkLab lab, int host, string serial, string token, string? hub = null, string? dataDirectory = null)
    {
        var data = dataDirectory ?? TempDirectory.Kept("pi-net", "agent");
        var config = Path.Join(data, "agent.conf");
        File.WriteAllText(config, "log-level = debug\n");
        string[] arguments = ["--token", token, "--board", "sim", "--sim-serial", serial, "--data-dir", data, "--config", config];
        return lab.Start(host, Repo.AgentBinary, hub is null ? arguments : ["--hub", hub, .. arguments]);
    }
}
