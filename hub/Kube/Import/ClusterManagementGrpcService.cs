using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PiController.Hub.Audit;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Security;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Kube.Import;

/// <summary>gRPC: picontroller.api.v1.ClusterManagement, the same operations as REST, thin over <see cref="ClusterImportService"/> and <see cref="ClusterManager"/>.</summary>
internal sealed class ClusterManagementGrpcService(ClusterImportService imports, ClusterManager manager) : ApiV1.ClusterManagement.ClusterManagementBase
{
    [Authorize(Policy = HubPolicies.Admin)]
    public override async Task<ApiV1.ImportedCluster> ImportCluster(ApiV1.ImportClusterRequest request, ServerCallContext context)
    {
        var view = await imports.ImportAsync(new ImportClusterRequest(request.Name, request.Kubeconfig), context.CancellationToken).ConfigureAwait(false);
        var message = new ApiV1.ImportedCluster { Name = view.Name, Server = view.Server, Version = view.Version, Note = view.Note };
        message.Nodes.AddRange(view.Nodes.Select(ToMessage));
        return message;
    }

    [ReadOnlyCall]
    public override Task<ApiV1.ClusterManagerStatus> GetClusterManager(ApiV1.GetClusterManagerRequest request, ServerCallContext context)
    {
        var status = manager.Status(request.Name);
        var message = new ApiV1.ClusterManagerStatus
        {
            Cluster = status.Cluster, Managed = status.Managed, Phase = status.Phase, Synced = status.Synced, Queued = status.Queued, Retrying = status.Retrying,
            LastError = status.LastError ?? "", LastErrorAt = status.LastErrorAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        };
        message.Parts.AddRange(status.Parts);
        message.Nodes.AddRange(status.Nodes.Select(ToMessage));
        message.Kinds.AddRange(status.Kinds.Select(k =>
        {
            var kind = new ApiV1.KubeInformerStatus
            {
                Kind = k.Kind, Synced = k.Synced, Objects = k.Objects, ResourceVersion = k.ResourceVersion, LastError = k.LastError ?? "",
                LastErrorAt = k.LastErrorAt is { } failed ? Timestamp.FromDateTimeOffset(failed) : null,
            };
            kind.Restarts.Add(k.Restarts.ToDictionary());
            return kind;
        }));
        return Task.FromResult(message);
    }

    private static ApiV1.KubeNodeMatch ToMessage(NodeMatch match) => new()
    {
        KubernetesNode = match.KubernetesNode, Outcome = match.Outcome, NodeId = match.NodeId ?? "", By = match.By, Reason = match.Reason,
    };
}
