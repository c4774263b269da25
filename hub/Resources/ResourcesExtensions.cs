using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Agents;
using PiController.Hub.Api;
using PiController.Hub.Nodes;

namespace PiController.Hub.Resources;

internal static class ResourcesExtensions
{
    /// <summary>Resources, node labels and the reconciler.</summary>
    public static IServiceCollection AddResources(this IServiceCollection services)
    {
        services.AddHubJson(ResourcesJsonContext.Default);
        services.TryAddSingleton<NodeLabelStore>();
        services.TryAddSingleton<NodeLabels>();
        services.TryAddSingleton<ResourceStore>();
        services.TryAddSingleton<Hardware.IManagedHardware, ResourceClaims>();
        services.TryAddSingleton<ReconcileQueue>();
        services.AddAgentConnections<ReconcileOnConnect>();
        services.TryAddSingleton<ReconcileEffects>();
        services.TryAddSingleton<ResourceService>();
        services.TryAddSingleton<Reconciler>();
        services.AddHostedService(provider => provider.GetRequiredService<Reconciler>());
        return services;
    }

    /// <summary>/api/v1/gpio, /api/v1/pwm, /api/v1/i2c, /api/v1/nodes/{id}/labels and gRPC picontroller.api.v1.Resources.</summary>
    public static IEndpointRouteBuilder MapResources(this IEndpointRouteBuilder app)
    {
        app.MapResourcesApi();
        app.MapNodeLabelsApi();
        app.MapGrpcService<ResourcesGrpcService>();
        return app;
    }
}
