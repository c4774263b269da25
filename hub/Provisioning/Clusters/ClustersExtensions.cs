using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Api;

namespace PiController.Hub.Provisioning.Clusters;

internal static class ClustersExtensions
{
    /// <summary>
    /// The cluster store, planner, runner and service. The transports come from the <see cref="Transport.INodeTransportProvider"/>s
    /// registered (one per kind); with none registered, plans are refused with that said.
    /// </summary>
    public static IServiceCollection AddClusters(this IServiceCollection services, ClusterRunnerOptions options)
    {
        services.AddHubJson(ClustersJsonContext.Default);
        services.TryAddSingleton(options);
        services.TryAddSingleton<ClusterStore>();
        services.TryAddSingleton<ClusterVault>();
        services.TryAddSingleton<ClusterPlanner>();
        services.TryAddSingleton<ClusterEvents>();
        services.TryAddSingleton<NodeTransports>();
        services.TryAddSingleton<NodeSteps>();
        services.TryAddSingleton<NodePreflight>();
        services.TryAddSingleton<NodeInstaller>();
        services.TryAddSingleton<NodeRemoval>();
        services.TryAddSingleton<PlanExecution>();
        services.TryAddSingleton<ClusterDryRun>();
        services.TryAddSingleton<ClusterRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<ClusterRunner>());
        services.TryAddSingleton<ClusterService>();
        return services;
    }

    /// <summary>REST /api/v1/clusters and gRPC picontroller.api.v1.Clusters.</summary>
    public static IEndpointRouteBuilder MapClusters(this IEndpointRouteBuilder app)
    {
        app.MapClustersApi();
        app.MapGrpcService<ClustersGrpcService>();
        return app;
    }
}
