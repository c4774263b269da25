using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Api;

namespace PiController.Hub.Discovery;

internal static class DiscoveryExtensions
{
    public static IServiceCollection AddDiscovery(this IServiceCollection services, DiscoveryOptions options, MdnsAnnouncement announcement)
    {
        services.TryAddSingleton(options);
        services.TryAddSingleton(announcement);
        services.AddHubJson(DiscoveryJsonContext.Default);
        services.TryAddSingleton<DiscoveryStore>();
        services.TryAddSingleton<DiscoveryService>();
        services.AddHostedService<MdnsDiscoveryService>();
        services.AddHostedService<DiscoveryPoller>();
        services.AddHostedService<MembershipMonitor>();
        return services;
    }

    public static IEndpointRouteBuilder MapDiscovery(this IEndpointRouteBuilder app)
    {
        app.MapDiscoveryApi();
        return app;
    }
}
