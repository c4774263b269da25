namespace PiController.Hub.Agents;

/// <summary>Why a command did not get a result. Each maps to one REST status and one gRPC status.</summary>
internal enum CommandFailureKind
{
    UnknownNode,
    NodeOffline,
    DeadlineExceeded,
}

internal sealed class CommandFailedException(CommandFailureKind kind, string message) : Exception(message)
{
    public CommandFailureKind Kind { get; } = kind;

    public int HttpStatus => Kind switch
    {
        CommandFailureKind.UnknownNode => StatusCodes.Status404NotFound,
        CommandFailureKind.NodeOffline => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status504GatewayTimeout,
    };

    public Grpc.Core.StatusCode GrpcStatus => Kind switch
    {
        CommandFailureKind.UnknownNode => Grpc.Core.StatusCode.NotFound,
        CommandFailureKind.NodeOffline => Grpc.Core.StatusCode.Unavailable,
        _ => Grpc.Core.StatusCode.DeadlineExceeded,
    };
}
