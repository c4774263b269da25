using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Api;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Kube.Membership;
using PiController.Hub.Kube.Placement;
using PiController.Hub.Kube.Policy;
using PiController.Hub.Kube.Quotas;

namespace PiController.Hub.Kube.Nodes;

internal static class ClusterNodesExtensions
{
    /// <summary>
    /// The cluster parts for nodes (node-labels, membership, quotas), the feed that queues them from the hub's events,
    /// and the policy, membership and placement services. The cluster manager (<see cref="IClusterManager"/>) runs the parts.
    /// </summary>
    public static IServiceCollection AddClusterNodes(this IServiceCollection services)
    {
        services.AddHubJson(ClusterNodesJsonContext.Default);
        services.TryAddSingleton<ClusterPolicyStore>();
        services.TryAddSingleton<ClusterPolicyService>();
        services.TryAddSingleton<MembershipEvents>();
        services.TryAddSingleton<MembershipService>();
        services.TryAddSingleton<PlacementService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClusterPart, NodeLabelsPart>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClusterPart, MembershipPart>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClusterPart, QuotaPart>());
        services.TryAddSingleton<ClusterNodeFeed>();
        services.AddHostedService(provider => provider.GetRequiredService<ClusterNodeFeed>());
        return services;
    }

    /// <summary>REST /api/v1/clusters/{name}/policy, /membership, /placement and gRPC picontroller.api.v1.ClusterNodes.</summary>
    public static IEndpointRouteBuilder MapClusterNodes(this IEndpointRouteBuilder app)
    {
        app.MapClusterNodesApi();
        app.MapGrpcService<ClusterNodesGrpcService>();
        return app;
    }
}
