using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Kube.Manager;

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
        services.AddMetrics();
        services.TryAddSingleton(options);
        services.TryAddSingleton<IKubeApiFactory, KubeApiFactory>();
        services.TryAddSingleton<KubeMetrics>();
        services.TryAddSingleton<ClusterManager>();
        services.TryAddSingleton<IClusterManager>(provider => provider.GetRequiredService<ClusterManager>());
        services.AddHostedService(provider => provider.GetRequiredService<ClusterManager>());
        return services;
    }

    /// <summary>The Kube layer's REST and gRPC endpoints.</summary>
    public static IEndpointRouteBuilder MapKube(this IEndpointRouteBuilder app) => app;
}
