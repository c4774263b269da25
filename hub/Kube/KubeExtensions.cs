using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Api;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.CustomResources;
using PiController.Hub.Kube.Import;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Kube.Nodes;

namespace PiController.Hub.Kube;

/// <summary>
/// The Kube layer: the client (<see cref="IKubeApiFactory"/>), the informers' metrics, the cluster manager (one
/// controller per managed cluster serving every registered <see cref="IClusterPart"/>) and cluster import. Each part
/// adds its own registration here with one line (its AddX, which registers the part as an <see cref="IClusterPart"/>).
/// </summary>
internal static class KubeExtensions
{
    public static IServiceCollection AddKube(this IServiceCollection services, ClusterManagerOptions options)
    {
        services.AddHubJson(KubeJsonContext.Default);
        services.AddMetrics();
        services.TryAddSingleton(options);
        services.TryAddSingleton<IKubeApiFactory, KubeApiFactory>();
        services.TryAddSingleton<KubeMetrics>();
        services.TryAddSingleton<ClusterManager>();
        services.TryAddSingleton<IClusterManager>(provider => provider.GetRequiredService<ClusterManager>());
        services.AddHostedService(provider => provider.GetRequiredService<ClusterManager>());
        services.TryAddSingleton<ClusterImportService>();
        services.AddCustomResources();
        services.AddClusterNodes();
        return services;
    }

    /// <summary>The Kube layer's REST and gRPC endpoints: import and the manager's status (gRPC ClusterManagement), and each part's own.</summary>
    public static IEndpointRouteBuilder MapKube(this IEndpointRouteBuilder app)
    {
        app.MapClusterImportApi();
        app.MapGrpcService<ClusterManagementGrpcService>();
        app.MapClusterNodes();
        return app;
    }
}
