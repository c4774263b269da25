using Microsoft.AspNetCore.Diagnostics;

namespace PiController.Hub.Api;

/// <summary>
/// The one place a <see cref="HubException"/> becomes a REST answer: problem details (application/problem+json)
/// with the kind's status and title (<see cref="HubErrorKinds"/>) and the exception's message as the detail.
/// It runs as middleware innermost, just before the endpoints, so the audit log, the failure limit and the logs
/// see an answered request with its real status and route values, not an exception (an expected refusal writes
/// no log line). As an <see cref="IExceptionHandler"/> it also answers one thrown further out, under
/// <c>UseExceptionHandler</c>; anything else is a 500 there.
/// </summary>
internal sealed class HubExceptionHandler : IMiddleware, IExceptionHandler
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (HubException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, e);
        }
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not HubException e)
        {
            return false;
        }
        await WriteAsync(httpContext, e);
        return true;
    }

    private static Task WriteAsync(HttpContext context, HubException e)
    {
        context.Response.StatusCode = HubErrorKinds.HttpStatus(e.Kind);
        return Problems.From(e).ExecuteAsync(context);
    }
}
