namespace PiController.Hub.Events;

internal static class EventsExtensions
{
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddSingleton<EventStore>();
        services.AddSingleton<EventBus>();
        services.AddHostedService(provider => provider.GetRequiredService<EventBus>());
        return services;
    }
}
