using Microsoft.AspNetCore.Http.HttpResults;

namespace PiController.Hub.Api;

/// <summary>
/// Problem-details answers, with the status and title of their <see cref="HubErrorKind"/> (<see cref="HubErrorKinds"/>)
/// and a detail a person can act on. <see cref="HubExceptionHandler"/> writes a <see cref="HubException"/> with
/// <see cref="From"/>; the few answers written before an endpoint runs use <see cref="RefuseAsync"/>.
/// </summary>
internal static class Problems
{
    public static ProblemHttpResult From(HubException e) =>
        TypedResults.Problem(title: e.Title, detail: e.Message, statusCode: HubErrorKinds.HttpStatus(e.Kind));

    public static ProblemHttpResult Of(HubErrorKind kind, string detail) =>
        TypedResults.Problem(title: HubErrorKinds.Title(kind), detail: detail, statusCode: HubErrorKinds.HttpStatus(kind));

    /// <summary>
    /// A refusal written before any endpoint runs (authentication, the failure limit): for a gRPC call a
    /// trailers-only answer with the kind's gRPC status, for anything else problem details with its HTTP status.
    /// </summary>
    public static Task RefuseAsync(HttpContext context, HubErrorKind kind, string detail)
    {
        if (GrpcTrailersOnly.IsGrpc(context.Request))
        {
            GrpcTrailersOnly.Write(context.Response, HubErrorKinds.GrpcStatus(kind), detail);
            return Task.CompletedTask;
        }
        context.Response.StatusCode = HubErrorKinds.HttpStatus(kind);
        return Of(kind, detail).ExecuteAsync(context);
    }

    public static ProblemHttpResult NotFound(string detail) => Of(HubErrorKind.NotFound, detail);

    public static ProblemHttpResult Invalid(string detail) => Of(HubErrorKind.Invalid, detail);
}
