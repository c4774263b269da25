using Microsoft.AspNetCore.Http.HttpResults;

namespace PiController.Hub.Api;

/// <summary>Problem-details responses with a message a person can act on.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>For endpoints that still catch; <see cref="HubExceptionHandler"/> answers the same for those that do not.</summary>
    public static ProblemHttpResult From(HubException e) =>
        TypedResults.Problem(title: e.Title, detail: e.Message, statusCode: HubErrorKinds.HttpStatus(e.Kind));
}
