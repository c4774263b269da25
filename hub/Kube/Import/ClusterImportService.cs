using System.Net;
using System.Text.Json;
using PiController.Hub.Api;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Nodes;
using PiController.Hub.Provisioning.Clusters;

namespace PiController.Hub.Kube.Import;

/// <summary>
/// Adopts a running K3s cluster the hub did not build: the kubeconfig is checked whole (only inline credentials,
/// its CA alone trusted), the API must answer /version and list its nodes before anything is stored, then the
/// cluster is stored as imported, ready, with its kubeconfig sealed (<see cref="ClusterVault"/>), and managed at once.
/// A refused import stores nothing. The answer matches each Kubernetes node to a hub node, or says why not.
/// </summary>
internal sealed partial class ClusterImportService(ClusterStore clusters, ClusterVault vault, IKubeApiFactory apis, NodeStore nodes, ClusterEvents events,
    IClusterManager manager, ILogger<ClusterImportService> logger)
{
    public async Task<ImportedClusterView> ImportAsync(ImportClusterRequest request, CancellationToken cancellationToken)
    {
        var name = ClusterRules.Name(request.Name);
        if (clusters.Get(name) is not null)
        {
            throw new HubException(HubErrorKind.AlreadyExists, $"cluster {name} exists; choose another name, or pi-controller cluster delete {name} first");
        }
        if (string.IsNullOrWhiteSpace(request.Kubeconfig))
        {
            throw new HubException(HubErrorKind.Invalid, "the kubeconfig is empty; give the file with --kubeconfig FILE");
        }
        var server = Kubeconfig.Parse(request.Kubeconfig).Server.ToString().TrimEnd('/');
        var api = apis.Create(name, request.Kubeconfig);
        try
        {
            var (version, matches) = await ReadAsync(api, server, cancellationToken).ConfigureAwait(false);
            clusters.InsertImported(name, version, vault.SealKubeconfig(name, request.Kubeconfig));
            var matched = matches.Count(m => m.Outcome == NodeMatchOutcome.Matched);
            Imported(logger, name, version, matches.Count, matched);
            events.Changed(name, ClusterStates.Ready, $"imported: Kubernetes {version}, {matches.Count} nodes, {matched} matched to hub nodes");
            manager.Refresh(name);
            return new ImportedClusterView(name, server, version, matches, ImportedClusterView.DeleteNote);
        }
        finally
        {
            (api as IDisposable)?.Dispose();
        }
    }

    private async Task<(string Version, IReadOnlyList<NodeMatch> Matches)> ReadAsync(IKubeApi api, string server, CancellationToken cancellationToken)
    {
        try
        {
            using var version = await api.GetAsync("/version", cancellationToken).ConfigureAwait(false)
                ?? throw new HubException(HubErrorKind.Precondition, $"{server} does not answer /version as a Kubernetes API server does; check the kubeconfig's server; nothing was stored");
            var gitVersion = version.RootElement.TryGetProperty("gitVersion", out var v) && v.GetString() is { Length: > 0 } text ? text : "unknown";
            using var list = await api.GetAsync(Informers.KubeKind.Nodes.ListPath, cancellationToken).ConfigureAwait(false)
                ?? throw new HubException(HubErrorKind.Precondition, $"{server} does not list nodes; nothing was stored");
            var facts = list.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
                ? items.EnumerateArray().Select(i => KubeNodeFactsReader.From(Informers.KubeObjects.From(i))).ToList()
                : [];
            return (gitVersion, NodeMatcher.Match(facts, KubeNodeFactsReader.From(nodes.List())));
        }
        catch (KubeUnreachableException e)
        {
            throw new HubException(HubErrorKind.Unavailable, $"{e.Message}; nothing was stored");
        }
        catch (KubeApiException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new HubException(HubErrorKind.Precondition,
                $"the API server refused the kubeconfig's credentials ({(int)e.Status} {e.Reason}: {e.ApiMessage}); use an admin kubeconfig (on a K3s server: /etc/rancher/k3s/k3s.yaml); nothing was stored");
        }
        catch (KubeApiException e)
        {
            throw new HubException(HubErrorKind.Failed, $"the API server answered {(int)e.Status} {e.Reason}: {e.ApiMessage}; nothing was stored");
        }
    }

    [LoggerMessage(1530, LogLevel.Information, "Cluster {Cluster} imported: Kubernetes {Version}, {Nodes} nodes, {Matched} matched to hub nodes")]
    private static partial void Imported(ILogger logger, string cluster, string version, int nodes, int matched);
}
