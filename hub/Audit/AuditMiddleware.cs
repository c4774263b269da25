using System.Globalization;
using System.Security.Claims;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Audit;

/// <summary>
/// Records every change and attempted change in the audit log once it is answered: each request to a route with
/// a method other than GET, HEAD or OPTIONS, and each gRPC call of a method without <see cref="ReadOnlyCallAttribute"/>.
/// Not recorded: requests that match no route (nothing can change), routes that allow anonymous callers (the
/// agent link and enrollment authenticate themselves and log what they do), and requests refused by the failure
/// rate limit (429, or gRPC RESOURCE_EXHAUSTED), which would let a flood fill the table. The request body is never stored.
/// </summary>
internal sealed partial class AuditMiddleware(RequestDelegate next, AuditLog log, TimeProvider time, ILogger<AuditMiddleware> logger)
{
    private const int MaxTargetLength = 200;

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || !IsChange(context.Request.Method, endpoint))
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (Exception e) when (Record(context, endpoint, thrown: e))
        {
            throw;
        }
        if (!FailureRateLimitMiddleware.WasLimited(context))
        {
            Record(context, endpoint, thrown: null);
        }
    }

    /// <summary>Whether a call of <paramref name="method"/> to <paramref name="endpoint"/> is audited as a change.</summary>
    public static bool IsChange(string method, Endpoint endpoint) =>
        !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method)
        && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
        && endpoint.Metadata.GetMetadata<ReadOnlyCallAttribute>() is null;

    /// <summary>Writes the entry; false always, so that it can run as an exception filter without catching.</summary>
    private bool Record(HttpContext context, Endpoint endpoint, Exception? thrown)
    {
        var grpc = endpoint.Metadata.GetMetadata<GrpcMethodMetadata>();
        // A HubException is answered by the exception handler with its kind's status: recorded as that.
        var status = thrown switch
        {
            null => context.Response.StatusCode,
            Api.HubException hub => Api.HubErrorKinds.HttpStatus(hub.Kind),
            _ => StatusCodes.Status500InternalServerError,
        };
        int? grpcStatus = grpc is null || thrown is not null ? null : GrpcStatus(context);
        var entry = new AuditEntry(
            0,
            time.GetUtcNow(),
            Actor(context.User),
            context.Connection.RemoteIpAddress?.ToString() ?? "",
            grpc is not null ? $"gRPC {grpc.Method.FullName.TrimStart('/')}" : $"{context.Request.Method} {Pattern(endpoint, context)}",
            Clean(AuditTarget.Of(context) ?? RouteTarget(context, endpoint)),
            status,
            grpcStatus,
            Result(status, grpc is not null, grpcStatus));
        try
        {
            log.Record(entry);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            NotRecorded(logger, entry.Action, entry.Actor, e.Message);
        }
        return false;
    }

    private static string Result(int status, bool isGrpc, int? grpcStatus) => status switch
    {
        StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => AuditEntry.Refused,
        _ when isGrpc => grpcStatus switch
        {
            0 => AuditEntry.Ok,
            // UNAUTHENTICATED, PERMISSION_DENIED
            16 or 7 => AuditEntry.Refused,
            _ => AuditEntry.Failed,
        },
        < 400 => AuditEntry.Ok,
        _ => AuditEntry.Failed,
    };

    /// <summary>The gRPC status: in the headers of a trailers-only answer, else in the trailers.</summary>
    private static int? GrpcStatus(HttpContext context)
    {
        string? text = context.Response.Headers["grpc-status"];
        if (string.IsNullOrEmpty(text) && context.Features.Get<IHttpResponseTrailersFeature>() is { } trailers)
        {
            text = trailers.Trailers["grpc-status"];
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    private static string Actor(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true } identity)
        {
            return AuditEntry.Anonymous;
        }
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? identity.Name ?? "?";
        return identity.AuthenticationType == BearerAuthenticationHandler.SchemeName
            ? $"token:{id} ({user.FindFirstValue(ClaimTypes.Name)})"
            : $"node:{id}";
    }

    private static string Pattern(Endpoint endpoint, HttpContext context) =>
        endpoint is RouteEndpoint { RoutePattern.RawText: { } raw } ? "/" + raw.Trim('/') : context.Request.Path.ToString();

    private static string RouteTarget(HttpContext context, Endpoint endpoint) =>
        endpoint is RouteEndpoint route
            ? string.Join(", ", route.RoutePattern.Parameters.Select(p => $"{p.Name}={context.Request.RouteValues[p.Name]}"))
            : "";

    /// <summary>Route values are the caller's text: no control characters, bounded length.</summary>
    private static string Clean(string text)
    {
        var clean = string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
        return clean.Length <= MaxTargetLength ? clean : clean[..MaxTargetLength] + "…";
    }

    [LoggerMessage(310, LogLevel.Error, "Audit entry for {Action} by {Actor} not recorded: {Reason}")]
    private static partial void NotRecorded(ILogger logger, string action, string actor, string reason);
}
