using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Api;

namespace PiController.Hub.Provisioning.Snapshots;

internal static class SnapshotsExtensions
{
    /// <summary>The snapshot store, service and the hosted schedule; the transports are the clusters' (<see cref="Clusters.NodeTransports"/>).</summary>
    public static IServiceCollection AddSnapshots(this IServiceCollection services)
    {
        services.AddHubJson(SnapshotsJsonContext.Default);
        services.TryAddSingleton<SnapshotStore>();
        services.TryAddSingleton<SnapshotEvents>();
        services.TryAddSingleton<SnapshotService>();
        services.TryAddSingleton<SnapshotScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<SnapshotScheduler>());
        return services;
    }

    /// <summary>REST /api/v1/clusters/{name}/snapshots and gRPC picontroller.api.v1.EtcdSnapshots.</summary>
    public static IEndpointRouteBuilder MapSnapshots(this IEndpointRouteBuilder app)
    {
        app.MapSnapshotsApi();
        app.MapGrpcService<SnapshotsGrpcService>();
        return app;
    }
}
