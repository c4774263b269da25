namespace PiController.Hub.Api;

/// <summary>
/// The one place a <see cref="HubException"/> becomes a REST answer: problem details (application/problem+json)
/// with the kind's status and title (<see cref="HubErrorKinds"/>) and the exception's message as the detail.
/// It runs innermost, just before the endpoints, so the audit log, the failure limit and the logs see an
/// answered request with its real status, not an exception (an expected refusal writes no log line). Anything
/// else passes through to the outer exception handler, a 500.
/// </summary>
internal sealed class HubExceptionHandler(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (HubException e) when (!context.Response.HasStarted)
        {
            await Problems.From(e).ExecuteAsync(context);
        }
    }
}
