using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Api;

namespace PiController.Hub.Provisioning.Artifacts;

internal static class ArtifactsExtensions
{
    /// <summary>The K3s artifact store in <c>DATA/k3s</c>, the release fetcher, and their service.</summary>
    public static IServiceCollection AddK3sArtifacts(this IServiceCollection services, string dataDirectory, K3sArtifactLimits limits)
    {
        services.AddHubJson(ArtifactsJsonContext.Default);
        services.TryAddSingleton(limits);
        services.TryAddSingleton(provider => new K3sArtifactStore(Path.Join(dataDirectory, "k3s"), provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(provider => new K3sReleaseFetcher(provider.GetRequiredService<K3sArtifactStore>(), provider.GetRequiredService<K3sArtifactLimits>(),
            new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) }));
        services.TryAddSingleton<K3sArtifactService>();
        return services;
    }

    /// <summary>REST /api/v1/k3s/artifacts, gRPC picontroller.api.v1.K3sArtifacts, and the nodes' mTLS download route.</summary>
    public static IEndpointRouteBuilder MapK3sArtifacts(this IEndpointRouteBuilder app)
    {
        app.MapK3sArtifactsApi();
        app.MapGrpcService<K3sArtifactsGrpcService>();
        app.MapNodeArtifacts();
        return app;
    }
}
