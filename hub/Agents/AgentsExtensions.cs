using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PiController.Hub.Agents;

internal static class AgentsExtensions
{
    public static IServiceCollection AddAgents(this IServiceCollection services)
    {
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = 4 * 1024 * 1024;
            grpc.EnableDetailedErrors = false;
        });
        services.TryAddSingleton<AgentRegistry>();
        return services;
    }

    /// <summary>
    /// The agent link. It does not take API bearer tokens: agents are not API callers. (Until agents enroll with
    /// join tokens and client certificates, the CA pin on the agent side is the link's only protection.)
    /// </summary>
    public static IEndpointRouteBuilder MapAgentLink(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<AgentLinkService>().AllowAnonymous();
        return app;
    }
}
