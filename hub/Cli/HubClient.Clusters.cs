using PiController.Hub.Provisioning.Clusters;

namespace PiController.Hub.Cli;

/// <summary>Clusters (/api/v1/clusters): plans, their nodes and steps, and the admin kubeconfig.</summary>
internal sealed partial class HubClient
{
    private const string ClustersPath = "/api/v1/clusters";

    public Task<IReadOnlyList<ClusterView>> ListClustersAsync(CancellationToken cancellationToken) =>
        GetAsync(ClustersPath, HubJsonContext.Default.IReadOnlyListClusterView, cancellationToken);

    public Task<ClusterView> GetClusterAsync(string name, CancellationToken cancellationToken) =>
        GetAsync($"{ClustersPath}/{Escape(name)}", HubJsonContext.Default.ClusterView, cancellationToken);

    /// <summary>The plan as the hub would carry it out (a dry run: nothing stored or changed).</summary>
    public Task<ClusterPlanView> PlanClusterAsync(CreateClusterRequest request, CancellationToken cancellationToken) =>
        PostAsync(ClustersPath, request with { DryRun = true }, HubJsonContext.Default.CreateClusterRequest, HubJsonContext.Default.ClusterPlanView, cancellationToken);

    public Task<ClusterView> CreateClusterAsync(CreateClusterRequest request, CancellationToken cancellationToken) =>
        PostAsync(ClustersPath, request with { DryRun = false }, HubJsonContext.Default.CreateClusterRequest, HubJsonContext.Default.ClusterView, cancellationToken);

    public Task<ClusterView> AddClusterNodesAsync(string name, AddClusterNodesRequest request, CancellationToken cancellationToken) =>
        PostAsync($"{ClustersPath}/{Escape(name)}/nodes", request, HubJsonContext.Default.AddClusterNodesRequest, HubJsonContext.Default.ClusterView, cancellationToken);

    public Task<ClusterView> RemoveClusterNodeAsync(string name, string node, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"{ClustersPath}/{Escape(name)}/nodes/{Escape(node)}", HubJsonContext.Default.ClusterView, cancellationToken);

    public Task<ClusterView> DeleteClusterAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"{ClustersPath}/{Escape(name)}", HubJsonContext.Default.ClusterView, cancellationToken);

    public Task<ClusterView> ResumeClusterAsync(string name, bool fix, CancellationToken cancellationToken) =>
        PostAsync($"{ClustersPath}/{Escape(name)}/resume", new ResumeClusterRequest(fix), HubJsonContext.Default.ResumeClusterRequest, HubJsonContext.Default.ClusterView, cancellationToken);

    public Task<KubeconfigView> ClusterKubeconfigAsync(string name, CancellationToken cancellationToken) =>
        GetAsync($"{ClustersPath}/{Escape(name)}/kubeconfig", HubJsonContext.Default.KubeconfigView, cancellationToken);
}
