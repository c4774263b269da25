using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Nodes;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Cli;

/// <summary>
/// A real hub in this process with two known nodes (node-a in the garage, node-b on the porch; their agents not
/// connected), and the pi-controller CLI run in-process against it over TLS with an operator token.
/// </summary>
internal sealed class CliAgainstHub : IAsyncDisposable
{
    private readonly HubCli _cli;

    private CliAgainstHub(InProcessHub hub)
    {
        Hub = hub;
        _cli = new HubCli(hub, hub.Token("operator"));
    }

    public InProcessHub Hub { get; }

    public static async Task<CliAgainstHub> StartAsync()
    {
        var hub = await InProcessHub.StartAsync();
        var nodes = hub.App.Services.GetRequiredService<NodeStore>();
        var labels = hub.App.Services.GetRequiredService<NodeLabels>();
        foreach (var (id, hostname, room) in new[] { ("node-a", "pi-garage", "garage"), ("node-b", "pi-porch", "porch") })
        {
            nodes.RecordHello(new Hello { NodeId = id, InstanceId = id + "-instance", AgentVersion = "0.1.0", System = new SystemInfo { Hostname = hostname, Architecture = "linux-arm64" } }, "10.77.0.1");
            nodes.RecordDisconnect(id);
            labels.Change(id, new Dictionary<string, string?> { ["room"] = room }, replace: false);
        }
        return new CliAgainstHub(hub);
    }

    public long Count(string sql) => Hub.Database.Long(sql);

    /// <summary>Runs <c>pi-controller ARGS</c> with <paramref name="stdin"/> as its standard input.</summary>
    public Task<(int Code, string Output, string Error)> RunWithInputAsync(string? stdin, params string[] args) => _cli.RunWithInputAsync(stdin, args);

    public Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}
