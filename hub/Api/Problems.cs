using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Agents;

namespace PiController.Hub.Api;

/// <summary>Problem-details responses with a message a person can act on.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static ProblemHttpResult From(CommandFailedException e) => TypedResults.Problem(
        title: e.Kind switch
        {
            CommandFailureKind.UnknownNode => "Unknown node",
            CommandFailureKind.NodeOffline => "Node offline",
            _ => "Deadline exceeded",
        },
        detail: e.Message,
        statusCode: e.HttpStatus);
}
