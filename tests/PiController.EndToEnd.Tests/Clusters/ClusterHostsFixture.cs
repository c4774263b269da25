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
    private LabFleet? _fleet;

    public HostLab Lab => _fleet?.Lab ?? throw new InvalidOperationException("the cluster hosts fixture did not start");

    internal LabHub Hub => _fleet?.Hub ?? throw new InvalidOperationException("the cluster hosts fixture did not start");

    public TestHost Host(int number) => Lab.Hosts[number - 1];

    /// <summary>The hub's node id of a host (its agent's simulated board serial).</summary>
    public string NodeId(TestHost host) => _fleet!.NodeIds[host.Name];

    public async Task InitializeAsync()
    {
        if (ProvisioningFixture.MissingPrerequisite() is not null)
        {
            return;
        }
        _fleet = await LabFleet.StartAsync(2, subnet: 15, name: "cl", "board = sim", "sim-serial = sim-{host}", "mdns = off");
    }

    public async Task DisposeAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.Lab.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterHostsCollection : ICollectionFixture<ClusterHostsFixture>
{
    public const string Name = "cluster hosts";
}
