using Microsoft.AspNetCore.Diagnostics;

namespace PiController.Hub.Api;

/// <summary>
/// The one place a <see cref="HubException"/> becomes an HTTP answer: problem details with the kind's status
/// (<see cref="HubErrorKinds"/>), the exception's title, and its message as the detail. Endpoints hold no
/// catch-and-translate blocks; anything else stays an unhandled 500.
/// </summary>
internal sealed class HubExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not HubException hub)
        {
            return false;
        }
        httpContext.Response.StatusCode = HubErrorKinds.HttpStatus(hub.Kind);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = httpContext.Response.StatusCode, Title = hub.Title, Detail = hub.Message },
        }).ConfigureAwait(false);
    }
}
