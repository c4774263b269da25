using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Api;

namespace PiController.Hub.Adoption;

internal static class AdoptionExtensions
{
    /// <summary>Adopt (needs the ssh targets, the apt repository, join tokens and the agent registry).</summary>
    public static IServiceCollection AddAdoption(this IServiceCollection services, AdoptionOptions options)
    {
        services.AddHubJson(AdoptionJsonContext.Default);
        services.TryAddSingleton(options);
        services.TryAddSingleton<AdoptionRuns>();
        services.TryAddSingleton<AdoptionEvents>();
        services.TryAddSingleton<AdoptionRunner>();
        services.TryAddSingleton<AdoptionService>();
        return services;
    }

    /// <summary>REST /api/v1/adoptions and gRPC picontroller.api.v1.Adoptions.</summary>
    public static IEndpointRouteBuilder MapAdoption(this IEndpointRouteBuilder app)
    {
        app.MapAdoptionsApi();
        app.MapGrpcService<AdoptionsGrpcService>();
        return app;
    }
}
