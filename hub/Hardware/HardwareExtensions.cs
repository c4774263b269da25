using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Api;

namespace PiController.Hub.Hardware;

internal static class HardwareExtensions
{
    public static IServiceCollection AddHardware(this IServiceCollection services)
    {
        services.TryAddSingleton<HardwareEventPublisher>();
        services.TryAddSingleton<HardwareEventFeed>();
        services.TryAddSingleton<ManagedPinGuard>();
        services.TryAddSingleton<HardwareService>();
        // The hub's one translation of HubException at each edge. Registered here until the shared error model
        // registers them for every feature; registering twice is harmless (the first handler answers).
        services.AddExceptionHandler<HubExceptionHandler>();
        services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<HubExceptionInterceptor>());
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
