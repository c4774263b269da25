using PiController.Hub.Kube.Membership;
using PiController.Hub.Kube.Placement;
using PiController.Hub.Kube.Policy;

namespace PiController.Hub.Cli;

/// <summary>A managed cluster's nodes: /api/v1/clusters/{name}/policy, /membership and /placement.</summary>
internal sealed partial class HubClient
{
    public Task<ClusterPolicyView> GetClusterPolicyAsync(string name, CancellationToken cancellationToken) =>
        GetAsync($"{ClustersPath}/{Escape(name)}/policy", HubJsonContext.Default.ClusterPolicyView, cancellationToken);

    public Task<ClusterPolicyView> UpdateClusterPolicyAsync(string name, UpdateClusterPolicyRequest change, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"{ClustersPath}/{Escape(name)}/policy") { Content = JsonContent.Create(change, HubJsonContext.Default.UpdateClusterPolicyRequest) },
            HubJsonContext.Default.ClusterPolicyView, cancellationToken);

    public Task<MembershipView> GetClusterMembershipAsync(string name, CancellationToken cancellationToken) =>
        GetAsync($"{ClustersPath}/{Escape(name)}/membership", HubJsonContext.Default.MembershipView, cancellationToken);

    public Task<PlacementView> PlaceAsync(string name, string needs, CancellationToken cancellationToken) =>
        GetAsync($"{ClustersPath}/{Escape(name)}/placement?needs={Uri.EscapeDataString(needs)}", HubJsonContext.Default.PlacementView, cancellationToken);
}
