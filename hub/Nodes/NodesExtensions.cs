using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Agents;
using PiController.Hub.Api;

namespace PiController.Hub.Nodes;

internal static class NodesExtensions
{
    public static IServiceCollection AddNodes(this IServiceCollection services)
    {
        services.AddHubJson(NodesJsonContext.Default);
        services.TryAddSingleton<NodeStore>();
        services.TryAddSingleton<Security.INodeEnrollments>(provider => provider.GetRequiredService<NodeStore>());
        services.TryAddSingleton<NodeService>();
        services.AddAgentAdmission<NodeAdmission>();
        services.AddAgentMessageHandler<NodeLinkHandler>();
        services.AddAgentConnections<NodeLinkHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapNodes(this IEndpointRouteBuilder app)
    {
        app.MapNodesApi();
        app.MapGrpcService<NodesGrpcService>();
        return app;
    }
}
