using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Kube.Manager;

namespace PiController.Hub.Kube.CustomResources;

internal static class CustomResourcesExtensions
{
    /// <summary>How often, at most, input edges and sensor readings update one custom resource's status.</summary>
    public static readonly TimeSpan LiveStatusInterval = TimeSpan.FromSeconds(5);

    /// <summary>The cluster part gpio-resources: GPIOPin, PWMController and I2CDevice projected into hub resources.</summary>
    public static IServiceCollection AddCustomResources(this IServiceCollection services)
    {
        services.TryAddSingleton<CrdInstaller>();
        services.TryAddSingleton<ConflictEvents>();
        services.TryAddSingleton<ProjectionReconciler>();
        services.TryAddSingleton(provider => new LiveStatusThrottle(provider.GetRequiredService<TimeProvider>(), LiveStatusInterval));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClusterPart, GpioResourcesPart>());
        services.AddHostedService<ProjectionFeed>();
        return services;
    }
}
