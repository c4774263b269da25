using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PiController.Hub.Audit;
using PiController.Hub.Security;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Provisioning.Snapshots;

/// <summary>gRPC: picontroller.api.v1.EtcdSnapshots, the same operations as REST, thin over <see cref="SnapshotService"/>.</summary>
internal sealed class SnapshotsGrpcService(SnapshotService snapshots) : ApiV1.EtcdSnapshots.EtcdSnapshotsBase
{
    [ReadOnlyCall]
    public override async Task<ApiV1.EtcdSnapshotList> ListEtcdSnapshots(ApiV1.ListEtcdSnapshotsRequest request, ServerCallContext context) =>
        ToMessage(request.Refresh ? await snapshots.ListAsync(request.Cluster, context.CancellationToken).ConfigureAwait(false) : snapshots.Get(request.Cluster));

    [Authorize(Policy = HubPolicies.Admin)]
    public override async Task<ApiV1.EtcdSnapshotList> SaveEtcdSnapshot(ApiV1.SaveEtcdSnapshotRequest request, ServerCallContext context) =>
        ToMessage(await snapshots.SaveAsync(request.Cluster, new SaveSnapshotRequest(request.Name.Length == 0 ? null : request.Name), context.CancellationToken).ConfigureAwait(false));

    [Authorize(Policy = HubPolicies.Admin)]
    public override async Task<ApiV1.EtcdSnapshotList> PruneEtcdSnapshots(ApiV1.PruneEtcdSnapshotsRequest request, ServerCallContext context) =>
        ToMessage(await snapshots.PruneAsync(request.Cluster, new PruneSnapshotsRequest(request.HasRetention ? request.Retention : null), context.CancellationToken).ConfigureAwait(false));

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<ApiV1.EtcdSnapshotList> SetEtcdSnapshotSchedule(ApiV1.SetEtcdSnapshotScheduleRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(snapshots.SetSchedule(request.Cluster,
            new SnapshotScheduleRequest(request.Cron.Length == 0 ? null : request.Cron, request.HasRetention ? request.Retention : null))));

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<ApiV1.EtcdSnapshotList> DeleteEtcdSnapshotSchedule(ApiV1.DeleteEtcdSnapshotScheduleRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(snapshots.RemoveSchedule(request.Cluster)));

    private static ApiV1.EtcdSnapshotList ToMessage(SnapshotsView view)
    {
        var message = new ApiV1.EtcdSnapshotList { Cluster = view.Cluster, Node = view.Node ?? "", Changed = view.Changed, Detail = view.Detail };
        if (view.Schedule is { } schedule)
        {
            message.Schedule = new ApiV1.EtcdSnapshotSchedule
            {
                Cron = schedule.Cron,
                Retention = schedule.Retention,
                NextRunAt = schedule.NextRunAt is { } next ? Timestamp.FromDateTimeOffset(next) : null,
                LastRunAt = schedule.LastRunAt is { } last ? Timestamp.FromDateTimeOffset(last) : null,
                LastError = schedule.LastError,
            };
        }
        message.Snapshots.AddRange(view.Snapshots.Select(s => new ApiV1.EtcdSnapshotInfo
        {
            Name = s.Name, Node = s.Node, Location = s.Location, Size = s.Size, CreatedAt = Timestamp.FromDateTimeOffset(s.CreatedAt),
        }));
        return message;
    }
}
