using System.Text.Json.Serialization.Metadata;

namespace PiController.Hub.Api;

internal static class HubJsonExtensions
{
    /// <summary>
    /// Chains a feature's source-generated context into the REST JSON options (ahead of any reflection resolver),
    /// so endpoints bind and write that feature's bodies. Each feature's <c>AddX</c> calls it once for its own context.
    /// </summary>
    public static IServiceCollection AddHubJson(this IServiceCollection services, IJsonTypeInfoResolver context) =>
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, context));
}
