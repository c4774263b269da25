using System.Text.Json;
using PiController.Testing.Hosts;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// What the host fixtures start alike: <c>count</c> whole hosts on their own subnet, the hub in the lab's hub
/// namespace, the agent installed from its .deb on every host (with <c>agentSettings</c> added to agent.conf) and
/// enrolled, every agent connected, and the stand-in k3s imported as the K3s release the clusters use.
/// </summary>
internal sealed record LabFleet(HostLab Lab, LabHub Hub, IReadOnlyDictionary<string, string> NodeIds)
{
    public static async Task<LabFleet> StartAsync(int count, int subnet, string name, params string[] agentSettings)
    {
        var lab = await HostLab.StartAsync(count, subnet, name);
        try
        {
            var hub = await LabHub.StartAsync(lab);
            await Task.WhenAll(lab.Hosts.Select(h => AgentPackage.InstallAsync(h, hub.Url, hub.JoinToken, [.. agentSettings.Select(s => s.Replace("{host}", h.Name, StringComparison.Ordinal))])));
            var nodeIds = new Dictionary<string, string>(StringComparer.Ordinal);
            await Eventually.TrueAsync(async () =>
            {
                using var nodes = JsonDocument.Parse(await hub.CliAsync("nodes", "ls", "-o", "json"));
                foreach (var node in nodes.RootElement.EnumerateArray().Where(n => n.GetProperty("connected").GetBoolean()))
                {
                    nodeIds[node.GetProperty("hostname").GetString()!] = node.GetProperty("nodeId").GetString()!;
                }
                return lab.Hosts.All(h => nodeIds.ContainsKey(h.Name));
            }, TimeSpan.FromSeconds(90), "every host's agent connected to the hub");
            await ProvisioningFixture.ImportStandInAsync(hub);
            return new LabFleet(lab, hub, nodeIds);
        }
        catch
        {
            // The fixture never sees a lab that did not start whole: end its hosts, namespaces and processes here.
            await lab.DisposeAsync();
            throw;
        }
    }
}
