using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Agents;
using PiController.Hub.Api;

namespace PiController.Hub.Hardware;

internal static class HardwareExtensions
{
    public static IServiceCollection AddHardware(this IServiceCollection services, HardwareEventLimits limits)
    {
        services.TryAddSingleton(limits);
        services.AddHubJson(HardwareJsonContext.Default);
        services.TryAddSingleton<HardwareEventPublisher>();
        services.TryAddSingleton<HardwareEventFeed>();
        services.AddAgentMessageHandler<HardwareEventsHandler>();
        services.TryAddSingleton<ManagedPinGuard>();
        services.TryAddSingleton<HardwareService>();
        return services;
    }

    /// <summary>GPIO, PWM and I2C under /api/v1/nodes/{nodeId}/, and the gRPC service picontroller.api.v1.Hardware.</summary>
    public static IEndpointRouteBuilder MapHardware(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<HardwareGrpcService>();
        app.MapGpioApi();
        app.MapPwmApi();
        app.MapI2cApi();
        return app;
    }
}
