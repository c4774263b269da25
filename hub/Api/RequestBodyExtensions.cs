namespace PiController.Hub.Api;

internal static class RequestBodyExtensions
{
    /// <summary>After authorization: bodies are read (bounded) only for callers who may call the route.</summary>
    public static IApplicationBuilder UseRequestBodies(this IApplicationBuilder app) => app.UseMiddleware<RequestBodyMiddleware>();
}
