using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PiController.Hub.Security;

/// <summary>Token management (REST) and the per-address limit on failed authentications and enrollments.</summary>
internal static class AccessControlExtensions
{
    public static IServiceCollection AddAccessControl(this IServiceCollection services)
    {
        services.TryAddSingleton(new FailureRateLimitOptions());
        services.TryAddSingleton<FailureRateLimiter>();
        // Without this, grpc-dotnet maps a catch-all for unknown services that answers anyone, token or not; the
        // hub's fallback policy then refuses an anonymous caller before the "unimplemented" answer.
        services.Configure<GrpcServiceOptions>(grpc => grpc.IgnoreUnknownServices = true);
        return services;
    }

    /// <summary>Before authentication: a blocked address is refused before its token is looked at.</summary>
    public static IApplicationBuilder UseFailureRateLimit(this IApplicationBuilder app) => app.UseMiddleware<FailureRateLimitMiddleware>();

    public static IEndpointRouteBuilder MapTokens(this IEndpointRouteBuilder app)
    {
        app.MapJoinTokensApi();
        app.MapApiTokensApi();
        return app;
    }
}
