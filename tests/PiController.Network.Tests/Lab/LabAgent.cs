namespace PiController.Network.Tests.Lab;

/// <summary>A pi-agent on the simulated board on one lab host; without a hub address unless one is given.</summary>
internal static class LabAgent
{
    public static LabProcess Start(NetworkLab lab, int host, string serial, string token, string? hub = null, string? dataDirectory = null)
    {
        var data = dataDirectory ?? Programs.TempDirectory("agent");
        var config = Path.Join(data, "agent.conf");
        File.WriteAllText(config, "log-level = debug\n");
        string[] arguments = ["--token", token, "--board", "sim", "--sim-serial", serial, "--data-dir", data, "--config", config];
        return lab.Start(host, Programs.Agent, hub is null ? arguments : ["--hub", hub, .. arguments]);
    }
}
