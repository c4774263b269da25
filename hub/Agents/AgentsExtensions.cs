using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PiController.Hub.Agents;

internal static class AgentsExtensions
{
    public static IServiceCollection AddAgents(this IServiceCollection services, AgentLinkOptions options)
    {
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = 4 * 1024 * 1024;
            grpc.EnableDetailedErrors = false;
        });
        services.TryAddSingleton(options);
        services.TryAddSingleton<AgentRegistry>();
        return services;
    }

    /// <summary>A feature takes the agent messages of the kinds <typeparamref name="T"/> handles.</summary>
    public static IServiceCollection AddAgentMessageHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(this IServiceCollection services)
        where T : class, IAgentMessageHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentMessageHandler, T>());
        return services;
    }

    /// <summary>A feature is told when agents connect and disconnect.</summary>
    public static IServiceCollection AddAgentConnections<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(this IServiceCollection services)
        where T : class, IAgentConnections
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentConnections, T>());
        return services;
    }

    /// <summary>The one admission policy of the link.</summary>
    public static IServiceCollection AddAgentAdmission<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(this IServiceCollection services)
        where T : class, IAgentAdmission
    {
        services.TryAddSingleton<IAgentAdmission, T>();
        return services;
    }

    /// <summary>
    /// The agent link. It does not take API bearer tokens: agents are not API callers; they present the client
    /// certificate they got at enrollment, which <see cref="IAgentAdmission"/> checks.
    /// </summary>
    public static IEndpointRouteBuilder MapAgentLink(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<AgentLinkService>().AllowAnonymous();
        return app;
    }
}
