using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Api;

namespace PiController.Hub.Events;

internal static class EventsExtensions
{
    public static IServiceCollection AddEvents(this IServiceCollection services, EventLimits limits)
    {
        services.TryAddSingleton(limits);
        services.AddHubJson(EventsJsonContext.Default);
        services.TryAddSingleton<EventStore>();
        services.TryAddSingleton<EventBus>();
        services.AddHostedService(provider => provider.GetRequiredService<EventBus>());
        services.TryAddSingleton<NodeEvents>();
        services.TryAddSingleton<Security.INodeStatusEvents>(provider => provider.GetRequiredService<NodeEvents>());
        services.TryAddSingleton<EventRetentionService>();
        services.AddHostedService(provider => provider.GetRequiredService<EventRetentionService>());
        return services;
    }

    /// <summary>WebSockets for /api/v1/events/ws, with pings so a dead client is noticed and its subscription ended.</summary>
    public static IApplicationBuilder UseEvents(this IApplicationBuilder app) =>
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20), KeepAliveTimeout = TimeSpan.FromSeconds(20) });
}
