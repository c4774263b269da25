using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PiController.Hub.Nodes;

internal static class NodesExtensions
{
    public static IServiceCollection AddNodes(this IServiceCollection services)
    {
        services.TryAddSingleton<NodeStore>();
        services.TryAddSingleton<NodeService>();
        return services;
    }

    public static IEndpointRouteBuilder MapNodes(this IEndpointRouteBuilder app)
    {
        app.MapNodesApi();
        app.MapGrpcService<NodesGrpcService>();
        return app;
    }
}
