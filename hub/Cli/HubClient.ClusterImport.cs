using PiController.Hub.Kube.Import;
using PiController.Hub.Kube.Manager;

namespace PiController.Hub.Cli;

/// <summary>The cluster manager (/api/v1/clusters/import, /api/v1/clusters/NAME/manager): importing a cluster and how it is managed.</summary>
internal sealed partial class HubClient
{
    /// <summary>Sends the kubeconfig's text in the body (never its path); the hub checks the API answers before storing anything.</summary>
    public Task<ImportedClusterView> ImportClusterAsync(ImportClusterRequest request, CancellationToken cancellationToken) =>
        PostAsync("/api/v1/clusters/import", request, HubJsonContext.Default.ImportClusterRequest, HubJsonContext.Default.ImportedClusterView, cancellationToken);

    public Task<ClusterManagerStatus> ClusterManagerAsync(string name, CancellationToken cancellationToken) =>
        GetAsync($"/api/v1/clusters/{Escape(name)}/manager", HubJsonContext.Default.ClusterManagerStatus, cancellationToken);
}
