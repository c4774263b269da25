using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Api;

namespace PiController.Hub.Audit;

internal static class AuditExtensions
{
    public static IServiceCollection AddAudit(this IServiceCollection services, AuditLimits limits)
    {
        services.TryAddSingleton(limits);
        services.AddHubJson(AuditJsonContext.Default);
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<AuditTargetInterceptor>();
        services.TryAddSingleton<AuditRetentionService>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditRetentionService>());
        services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<AuditTargetInterceptor>());
        return services;
    }

    /// <summary>Before authentication, so that refused attempts are recorded too.</summary>
    public static IApplicationBuilder UseAudit(this IApplicationBuilder app) => app.UseMiddleware<AuditMiddleware>();

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapAuditApi();
        return app;
    }
}
