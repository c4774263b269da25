using System.Globalization;
using Microsoft.AspNetCore.Authorization;

namespace PiController.Hub.Security;

/// <summary>
/// Refuses an address that has had too many failed authentications (429, or gRPC RESOURCE_EXHAUSTED) before its
/// credentials are looked at, and counts each request that authentication refused: a wrong, revoked or expired
/// token in any form (header or WebSocket subprotocol), and no token at all. Counting anonymous refusals too
/// keeps a flood of them from costing more than a few audit rows a minute. Routes that allow anonymous callers
/// (the CA certificate, the agent link, enrollment) do their own accounting.
/// </summary>
internal sealed partial class FailureRateLimitMiddleware(RequestDelegate next, FailureRateLimiter limiter, FailureRateLimitOptions options,
    ILogger<FailureRateLimitMiddleware> logger)
{
    private const string LimitedKey = "pi-controller.rate-limited";

    /// <summary>Whether this request was refused by the limit (HTTP 429 or gRPC RESOURCE_EXHAUSTED) without being looked at.</summary>
    public static bool WasLimited(HttpContext context) => context.Items.ContainsKey(LimitedKey);

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
            context.Items[LimitedKey] = true;
            await RefuseAsync(context, retryAfter);
            return;
        }
        await next(context);
        if (BearerAuthenticationHandler.WasRefused(context) && limiter.RecordFailure(address))
        {
            Blocked(logger, address.ToString(), options.MaxFailures, options.Window);
        }
    }

    private static async Task RefuseAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var detail = $"too many failed authentications from this address; try again in {seconds} s";
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        // A gRPC client sees RESOURCE_EXHAUSTED and the message rather than a bare HTTP status.
        await Api.Problems.RefuseAsync(context, Api.HubErrorKind.Exhausted, detail);
    }

    [LoggerMessage(300, LogLevel.Warning, "Refusing {Address}: {Failures} failed authentications within {Window}")]
    private static partial void Blocked(ILogger logger, string address, int failures, TimeSpan window);
}
