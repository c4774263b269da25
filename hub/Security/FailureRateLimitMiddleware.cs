using System.Globalization;
using Microsoft.AspNetCore.Authorization;

namespace PiController.Hub.Security;

/// <summary>
/// Refuses an address that has had too many failed authentications (429, or gRPC RESOURCE_EXHAUSTED) before its
/// credentials are looked at, and counts each request that presented a token and was answered 401. Routes that
/// allow anonymous callers (the CA certificate, the agent link, enrollment) do their own accounting.
/// </summary>
internal sealed partial class FailureRateLimitMiddleware(RequestDelegate next, FailureRateLimiter limiter, FailureRateLimitOptions options,
    ILogger<FailureRateLimitMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null || context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            await next(context);
            return;
        }
        if (limiter.IsBlocked(address, out var retryAfter))
        {
            await RefuseAsync(context, retryAfter);
            return;
        }
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status401Unauthorized && context.Request.Headers.Authorization.Count > 0
            && limiter.RecordFailure(address))
        {
            Blocked(logger, address.ToString(), options.MaxFailures, options.Window);
        }
    }

    private static async Task RefuseAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var detail = $"too many failed authentications from this address; try again in {seconds} s";
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            // A trailers-only gRPC response, so clients see RESOURCE_EXHAUSTED rather than a bare HTTP status.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "8";
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(detail);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await Results.Problem(title: "Too many requests", detail: detail, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
    }

    [LoggerMessage(300, LogLevel.Warning, "Refusing {Address}: {Failures} failed authentications within {Window}")]
    private static partial void Blocked(ILogger logger, string address, int failures, TimeSpan window);
}
