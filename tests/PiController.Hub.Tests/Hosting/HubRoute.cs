using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using PiController.Hub.Audit;

namespace PiController.Hub.Tests.Hosting;

internal enum RouteKind
{
    Rest,
    Grpc,
}

/// <summary>One method of one mapped endpoint, with a request path that matches it (route parameters filled with dummies).</summary>
internal sealed record HubRoute(string Method, string Template, string Path, RouteKind Kind, Endpoint Endpoint)
{
    public bool IsGrpc => Kind == RouteKind.Grpc;

    public bool AllowsAnonymous => Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    /// <summary>REST: a method other than GET, HEAD, OPTIONS. gRPC: a method not marked <see cref="ReadOnlyCallAttribute"/>.</summary>
    public bool IsChange => Kind switch
    {
        RouteKind.Rest => !HttpMethods.IsGet(Method) && !HttpMethods.IsHead(Method) && !HttpMethods.IsOptions(Method),
        _ => Endpoint.Metadata.GetMetadata<ReadOnlyCallAttribute>() is null,
    };

    public override string ToString() => $"{Method} {Template}";

    /// <summary>Every route of every endpoint data source of the app: REST, gRPC, WebSocket, whatever is mapped.</summary>
    public static IReadOnlyList<HubRoute> All(WebApplication app) =>
    [
        .. ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>().SelectMany(endpoint =>
        {
            // grpc-dotnet's catch-alls for unknown methods carry a "grpcunimplemented" constraint and no method metadata.
            var kind = endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is not null
                || endpoint.RoutePattern.ParameterPolicies.Values.SelectMany(p => p).Any(p => p.Content == "grpcunimplemented")
                ? RouteKind.Grpc
                : RouteKind.Rest;
            // gRPC is POST only; a REST endpoint without a method list answers every method.
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } declared ? declared
                : kind != RouteKind.Rest ? [HttpMethods.Post]
                : [HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];
            var template = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            return methods.Select(method => new HubRoute(method, template, PathFor(endpoint.RoutePattern), kind, endpoint));
        }),
    ];

    private static string PathFor(RoutePattern pattern) => "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternSeparatorPart separator => separator.Content,
        RoutePatternParameterPart parameter => Dummy(parameter),
        _ => throw new InvalidOperationException($"unexpected route part {part}"),
    }))));

    private static string Dummy(RoutePatternParameterPart parameter) =>
        parameter.ParameterPolicies.Select(p => p.Content).FirstOrDefault() switch
        {
            "int" or "long" => "1",
            "guid" => Guid.Empty.ToString(),
            "bool" => "true",
            "grpcunimplemented" => "NoSuchThing",
            _ => "dummy-" + parameter.Name,
        };
}
