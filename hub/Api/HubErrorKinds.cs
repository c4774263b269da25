namespace PiController.Hub.Api;

/// <summary>
/// The one table from an error kind to its REST status, gRPC status and title. Every problem-details answer of the
/// hub takes its title from here (a source test keeps other titles out), so the CLI's "Title: detail" line reads
/// the same for the same kind of error whichever part of the hub refused.
/// </summary>
internal static class HubErrorKinds
{
    public static int HttpStatus(HubErrorKind kind) => kind switch
    {
        HubErrorKind.Invalid => StatusCodes.Status400BadRequest,
        HubErrorKind.NotFound => StatusCodes.Status404NotFound,
        HubErrorKind.AlreadyExists or HubErrorKind.Conflict => StatusCodes.Status409Conflict,
        HubErrorKind.Precondition => StatusCodes.Status422UnprocessableEntity,
        HubErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        HubErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        HubErrorKind.Exhausted => StatusCodes.Status429TooManyRequests,
        HubErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        HubErrorKind.Deadline => StatusCodes.Status504GatewayTimeout,
        HubErrorKind.Unsupported => StatusCodes.Status501NotImplemented,
        HubErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        HubErrorKind.UnsupportedMedia => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status502BadGateway,
    };

    public static Grpc.Core.StatusCode GrpcStatus(HubErrorKind kind) => kind switch
    {
        HubErrorKind.Invalid or HubErrorKind.UnsupportedMedia => Grpc.Core.StatusCode.InvalidArgument,
        HubErrorKind.NotFound => Grpc.Core.StatusCode.NotFound,
        HubErrorKind.AlreadyExists => Grpc.Core.StatusCode.AlreadyExists,
        HubErrorKind.Conflict or HubErrorKind.Precondition => Grpc.Core.StatusCode.FailedPrecondition,
        HubErrorKind.Forbidden => Grpc.Core.StatusCode.PermissionDenied,
        HubErrorKind.Unauthenticated => Grpc.Core.StatusCode.Unauthenticated,
        HubErrorKind.Exhausted or HubErrorKind.TooLarge => Grpc.Core.StatusCode.ResourceExhausted,
        HubErrorKind.Unavailable => Grpc.Core.StatusCode.Unavailable,
        HubErrorKind.Deadline => Grpc.Core.StatusCode.DeadlineExceeded,
        HubErrorKind.Unsupported => Grpc.Core.StatusCode.Unimplemented,
        _ => Grpc.Core.StatusCode.Internal,
    };

    /// <summary>One title per kind, so the same kind of error reads the same everywhere.</summary>
    public static string Title(HubErrorKind kind) => kind switch
    {
        HubErrorKind.Invalid => "Invalid request",
        HubErrorKind.NotFound => "Not found",
        HubErrorKind.AlreadyExists => "Already exists",
        // A refusal by the current state: a pin in use, a write to an input, a resource holding the pin.
        HubErrorKind.Conflict => "Refused",
        HubErrorKind.Precondition => "Precondition failed",
        HubErrorKind.Forbidden => "Forbidden",
        HubErrorKind.Unauthenticated => "Unauthorized",
        HubErrorKind.Exhausted => "Too many requests",
        // Every REST refusal of this kind today is a node that is not connected; the CLI prints "Node offline: ...".
        HubErrorKind.Unavailable => "Node offline",
        HubErrorKind.Deadline => "Deadline exceeded",
        HubErrorKind.Unsupported => "Not supported by the agent",
        HubErrorKind.TooLarge => "Body too large",
        HubErrorKind.UnsupportedMedia => "Unsupported media type",
        _ => "Agent error",
    };
}
