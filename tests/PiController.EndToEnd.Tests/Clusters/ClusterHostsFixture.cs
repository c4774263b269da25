using System.Text.Json;
using PiController.EndToEnd.Tests.Provisioning;
using PiController.Testing.Hosts;

namespace PiController.EndToEnd.Tests.Clusters;

/// <summary>
/// Two whole hosts (cl1, cl2) whose agents run the simulated board (a Pi 4 header, so the hub sees GPIO and labels
/// the nodes with it), the hub in the lab's hub namespace, and the stand-in k3s imported as the K3s binary: the
/// hosts of the cluster story, apart from the provisioning hosts so each collection has its own network (subnet 15).
/// </summary>
public sealed class ClusterHostsFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string> _nodeIds = new(StringComparer.Ordinal);
    private HostLab? _lab;
    private LabHub? _hub;

    public HostLab Lab => _lab ?? throw new InvalidOperationException("the cluster hosts fixture did not start");

    internal LabHub Hub => _hub ?? throw new InvalidOperationException("the cluster hosts fixture did not start");

    public TestHost Host(int number) => Lab.Hosts[number - 1];

    /// <summary>The hub's node id of a host (its agent's simulated board serial).</summary>
    public string NodeId(TestHost host) => _nodeIds[host.Name];

    public async Task InitializeAsync()
    {
        if (ProvisioningFixture.MissingPrerequisite() is not null)
        {
            return;
        }
        _lab = await HostLab.StartAsync(2, subnet: 15, name: "cl");
        _hub = await LabHub.StartAsync(_lab);
        await Task.WhenAll(_lab.Hosts.Select(h => AgentPackage.InstallAsync(h, _hub.Url, _hub.JoinToken, "board = sim", $"sim-serial = sim-{h.Name}", "mdns = off")));
        await Eventually.TrueAsync(async () =>
        {
            using var nodes = JsonDocument.Parse(await _hub.CliAsync("nodes", "ls", "-o", "json"));
            foreach (var node in nodes.RootElement.EnumerateArray().Where(n => n.GetProperty("connected").GetBoolean()))
            {
                _nodeIds[node.GetProperty("hostname").GetString()!] = node.GetProperty("nodeId").GetString()!;
            }
            return _lab.Hosts.All(h => _nodeIds.ContainsKey(h.Name));
        }, TimeSpan.FromSeconds(90), "every host's agent connected to the hub");
        await ProvisioningFixture.ImportStandInAsync(_hub);
    }

    public async Task DisposeAsync()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterHostsCollection : ICollectionFixture<ClusterHostsFixture>
{
    public const string Name = "cluster hosts";
}
