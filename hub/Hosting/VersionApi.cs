using PiController.Hub.Api;

namespace PiController.Hub.Hosting;

/// <summary>
/// The hub's version over REST (GET /api/v1/version) and gRPC (picontroller.api.v1.HubInfo/GetVersion): any
/// authenticated caller, viewers included, may ask. <c>pi-controller version</c> and <c>login</c> use it.
/// </summary>
internal static class VersionApi
{
    public static IServiceCollection AddVersionApi(this IServiceCollection services) => services.AddHubJson(VersionJsonContext.Default);

    public static IEndpointRouteBuilder MapVersionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/version", () => TypedResults.Ok(HubVersionView.Current)).WithTags("hub");
        app.MapGrpcService<HubInfoGrpcService>();
        return app;
    }
}
