using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.AgentTransport;

internal static class AgentTransportExtensions
{
    /// <summary>The transport through the agents' streams (<see cref="NodeTransportKind.Agent"/>), one of the plan's <see cref="INodeTransportProvider"/>s.</summary>
    public static IServiceCollection AddAgentTransport(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeTransportProvider, AgentTransportProvider>());
        return services;
    }
}
