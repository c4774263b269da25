namespace PiController.Hub.Resources;

/// <summary>Why a resource request was refused; each maps to one REST status and one gRPC status.</summary>
internal enum ResourceError
{
    Invalid,
    NoSuchNode,
    NotFound,
    AlreadyExists,
    Conflict,
}

internal sealed class ResourceException(ResourceError error, string message) : Exception(message)
{
    public ResourceError Error { get; } = error;

    public int HttpStatus => Error switch
    {
        ResourceError.Invalid => StatusCodes.Status400BadRequest,
        ResourceError.NoSuchNode => StatusCodes.Status422UnprocessableEntity,
        ResourceError.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status409Conflict,
    };

    public Grpc.Core.StatusCode GrpcStatus => Error switch
    {
        ResourceError.Invalid => Grpc.Core.StatusCode.InvalidArgument,
        ResourceError.NoSuchNode => Grpc.Core.StatusCode.FailedPrecondition,
        ResourceError.NotFound => Grpc.Core.StatusCode.NotFound,
        ResourceError.AlreadyExists => Grpc.Core.StatusCode.AlreadyExists,
        _ => Grpc.Core.StatusCode.FailedPrecondition,
    };

    public string Title => Error switch
    {
        ResourceError.Invalid => "Invalid resource",
        ResourceError.NoSuchNode => "No matching node",
        ResourceError.NotFound => "Not found",
        ResourceError.AlreadyExists => "Already exists",
        _ => "Conflict",
    };
}
