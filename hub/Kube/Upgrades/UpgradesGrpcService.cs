using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PiController.Hub.Audit;
using PiController.Hub.Security;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>gRPC: picontroller.api.v1.ClusterUpgrades, the same operations as REST, thin over <see cref="UpgradeService"/>.</summary>
internal sealed class UpgradesGrpcService(UpgradeService upgrades) : ApiV1.ClusterUpgrades.ClusterUpgradesBase
{
    [Authorize(Policy = HubPolicies.Admin)]
    public override async Task<ApiV1.ClusterUpgrade> UpgradeCluster(ApiV1.UpgradeClusterRequest request, ServerCallContext context)
    {
        var upgrade = new UpgradeClusterRequest(request.Version, Given(request.Concurrency), Given(request.DrainTimeoutSeconds), Given(request.ReadyTimeoutSeconds),
            request.DryRun);
        return ToMessage(request.DryRun
            ? await upgrades.PlanAsync(request.Name, upgrade, context.CancellationToken).ConfigureAwait(false)
            : await upgrades.UpgradeAsync(request.Name, upgrade, context.CancellationToken).ConfigureAwait(false));
    }

    [ReadOnlyCall]
    public override Task<ApiV1.ClusterUpgrade> GetClusterUpgrade(ApiV1.GetClusterUpgradeRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(upgrades.Get(request.Name)));

    [Authorize(Policy = HubPolicies.Admin)]
    public override async Task<ApiV1.ClusterUpgrade> RollbackClusterNode(ApiV1.RollbackClusterNodeRequest request, ServerCallContext context)
    {
        var rollback = new RollbackNodeRequest(request.Node, Given(request.DrainTimeoutSeconds), Given(request.ReadyTimeoutSeconds), request.DryRun);
        return ToMessage(request.DryRun
            ? await upgrades.PlanRollbackAsync(request.Name, rollback, context.CancellationToken).ConfigureAwait(false)
            : await upgrades.RollbackAsync(request.Name, rollback, context.CancellationToken).ConfigureAwait(false));
    }

    /// <summary>A number field: 0 (left out) is the hub's default.</summary>
    private static int? Given(uint value) => value == 0 ? null : (int)Math.Min(value, int.MaxValue);

    private static ApiV1.ClusterUpgrade ToMessage(UpgradeView view)
    {
        var message = new ApiV1.ClusterUpgrade
        {
            Cluster = view.Cluster, Run = view.Run, Kind = view.Kind, From = view.From, To = view.To, Concurrency = (uint)view.Concurrency,
            DrainTimeoutSeconds = (uint)view.DrainTimeoutSeconds,
            ReadyTimeoutSeconds = (uint)view.ReadyTimeoutSeconds, State = view.State, Detail = view.Detail, Text = view.Text,
        };
        message.Nodes.AddRange(view.Nodes.Select(n => new ApiV1.ClusterUpgradeNode
        {
            Node = n.Node, Role = n.Role, KubeNode = n.KubeNode, From = n.From, State = n.State, Step = n.Step, Error = n.Error, NextAction = n.NextAction,
        }));
        return message;
    }
}
