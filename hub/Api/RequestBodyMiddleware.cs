using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace PiController.Hub.Api;

/// <summary>
/// Every REST request body, before its endpoint sees it, after authorization (an anonymous caller makes the hub
/// read nothing). The body is read whole, at most <see cref="JsonBody.MaxBytes"/>, enforced while it arrives (413
/// beyond); a route that takes no body (no <see cref="IAcceptsMetadata"/>) refuses one that is more than
/// <c>{}</c>, naming the first field. Parameter binding is set to throw (<see cref="RouteHandlerOptions.ThrowOnBadRequest"/>),
/// and this answers what it throws with problem details that name the field: an unknown field, malformed JSON, a
/// value of the wrong type, a query value that is not a number. gRPC calls and WebSocket handshakes pass untouched.
/// </summary>
internal sealed partial class RequestBodyMiddleware(RequestDelegate next)
{
    /// <summary>The endpoint routing selects when a route's accepted content types do not match the request's.</summary>
    private const string UnsupportedMediaTypeEndpoint = "415 HTTP Unsupported Media Type";

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is { DisplayName: UnsupportedMediaTypeEndpoint } and not RouteEndpoint)
        {
            await Problem(context, HubErrorKind.UnsupportedMedia, UnsupportedMediaType);
            return;
        }
        if (endpoint is null || endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is not null || GrpcTrailersOnly.IsGrpc(context.Request)
            || context.WebSockets.IsWebSocketRequest || endpoint.Metadata.GetMetadata<StreamedBody>() is not null)
        {
            await next(context);
            return;
        }
        byte[]? body = null;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            body = await JsonBody.ReadLimitedAsync(context.Request, context.RequestAborted);
            if (body is null)
            {
                await Problem(context, HubErrorKind.TooLarge, JsonBody.TooLarge);
                return;
            }
            if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is null && Unwanted(body) is { } unwanted)
            {
                await Problem(context, HubErrorKind.Invalid,
                    $"{unwanted}; {context.Request.Method} {Route(endpoint, context)} takes no body");
                return;
            }
            context.Request.Body = new MemoryStream(body, writable: false);
            context.Request.ContentLength = body.Length;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await Problem(context, e.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => HubErrorKind.TooLarge,
                StatusCodes.Status415UnsupportedMediaType => HubErrorKind.UnsupportedMedia,
                _ => HubErrorKind.Invalid,
            },
                Describe(e, body, BodyType(context, endpoint)));
        }
    }

    private const string UnsupportedMediaType = "send the body as JSON, with the header Content-Type: application/json";

    /// <summary>What a bad parameter binding says, in the caller's terms; never the value in full.</summary>
    public static string Describe(BadHttpRequestException e, byte[]? body, JsonTypeInfo? bodyType)
    {
        if (e.InnerException is JsonException json)
        {
            return JsonBody.Describe(json, body ?? [], bodyType);
        }
        if (e.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return UnsupportedMediaType;
        }
        if (e.Message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return "the body is empty; send a JSON document";
        }
        if (BindFailure().Match(e.Message) is { Success: true } bind)
        {
            return $"{bind.Groups["name"].Value} must be {Kind(bind.Groups["type"].Value)}, got \"{TextRules.Excerpt(bind.Groups["value"].Value, 40)}\"";
        }
        if (MissingParameter().Match(e.Message) is { Success: true } missing)
        {
            return $"{missing.Groups["name"].Value} is required";
        }
        return TextRules.Excerpt(e.Message, 200);
    }

    /// <summary>The contract of the body the endpoint declares (<see cref="IAcceptsMetadata.RequestType"/>), if any.</summary>
    private static JsonTypeInfo? BodyType(HttpContext context, Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } type
        && context.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions is { } options
        && options.TryGetTypeInfo(type, out var info)
            ? info
            : null;

    /// <summary>Null for a body a bodiless route can ignore (nothing, blanks, <c>{}</c>), else what is wrong with it.</summary>
    private static string? Unwanted(byte[] body)
    {
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "the body is not a JSON object";
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                return $"unknown field $.{TextRules.Excerpt(property.Name, 40)}";
            }
            return null;
        }
        catch (JsonException)
        {
            return "the body is not JSON";
        }
    }

    private static string Kind(string type) => type.TrimEnd('?') switch
    {
        "int" or "long" or "uint" or "ulong" or "short" or "ushort" or "byte" => "a whole number",
        "double" or "float" or "decimal" => "a number",
        "bool" => "true or false",
        "DateTimeOffset" or "DateTime" => "a date and time such as 2025-06-01T00:00:00Z",
        "Guid" => "a GUID",
        var other => $"a {other}",
    };

    private static string Route(Endpoint endpoint, HttpContext context) =>
        endpoint is RouteEndpoint { RoutePattern.RawText: { } raw } ? "/" + raw.Trim('/') : context.Request.Path.ToString();

    private static Task Problem(HttpContext context, HubErrorKind kind, string detail) => Problems.Of(kind, detail).ExecuteAsync(context);

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^ "]+) (?<name>[^"]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^Required parameter "(?<type>[^ "]+) (?<name>[^"]+)" was not provided""")]
    private static partial Regex MissingParameter();
}
