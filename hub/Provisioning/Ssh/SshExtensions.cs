using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Api;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.Ssh;

internal static class SshExtensions
{
    /// <summary>SSH targets (store, service) and the SSH transport provider (needs the K3s artifact store: <c>AddK3sArtifacts</c>).</summary>
    public static IServiceCollection AddSshTargets(this IServiceCollection services, SshTransportOptions options)
    {
        services.AddHubJson(SshJsonContext.Default);
        services.TryAddSingleton(options);
        services.TryAddSingleton<SshTargetStore>();
        services.TryAddSingleton<SshTargetService>();
        services.TryAddSingleton<SshTransportProvider>();
        services.TryAddSingleton<SshCheck>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeTransportProvider, SshTransportProvider>(provider => provider.GetRequiredService<SshTransportProvider>()));
        return services;
    }

    /// <summary>REST /api/v1/ssh-targets and gRPC picontroller.api.v1.SshTargets.</summary>
    public static IEndpointRouteBuilder MapSshTargets(this IEndpointRouteBuilder app)
    {
        app.MapSshTargetsApi();
        app.MapGrpcService<SshTargetsGrpcService>();
        return app;
    }
}
