using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Api;
using PiController.Hub.Provisioning.Clusters;

namespace PiController.Hub.Kube.Upgrades;

internal static class UpgradesExtensions
{
    /// <summary>
    /// Rolling upgrades and rollbacks: the planner, the runs' store and runner (resuming at start), the service. The
    /// clusters' APIs come from the cluster manager (<see cref="ManagedClusterApis"/>) unless another
    /// <see cref="IClusterApis"/> is registered.
    /// </summary>
    public static IServiceCollection AddUpgrades(this IServiceCollection services, UpgradeOptions options)
    {
        services.AddHubJson(UpgradesJsonContext.Default);
        services.TryAddSingleton(options);
        services.TryAddSingleton<IClusterApis, ManagedClusterApis>();
        services.TryAddSingleton<UpgradeStore>();
        services.TryAddSingleton<UpgradeEvents>();
        services.TryAddSingleton<NodeDrain>();
        services.TryAddSingleton<NodeReadiness>();
        services.TryAddSingleton<NodeUpgrade>();
        services.TryAddSingleton<UpgradeExecution>();
        services.TryAddSingleton<UpgradeRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<UpgradeRunner>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClusterWork, UpgradeWork>());
        services.TryAddSingleton<UpgradePlanner>();
        services.TryAddSingleton<UpgradeService>();
        return services;
    }

    /// <summary>REST /api/v1/clusters/{name}/upgrade and /rollback, gRPC picontroller.api.v1.ClusterUpgrades.</summary>
    public static IEndpointRouteBuilder MapUpgrades(this IEndpointRouteBuilder app)
    {
        app.MapUpgradesApi();
        app.MapGrpcService<UpgradesGrpcService>();
        return app;
    }
}
