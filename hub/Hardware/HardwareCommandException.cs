using PiController.Protocol.Link;

namespace PiController.Hub.Hardware;

/// <summary>
/// The agent answered a hardware command with an error, or the request was refused before it was sent. Carries
/// the REST status and gRPC status for the agent's error code: a bad argument is 400, a safety refusal or a pin
/// in the wrong mode 409, an operation the agent cannot do 501, a failure on the agent 502.
/// </summary>
internal sealed class HardwareCommandException(CommandError.Types.Code code, string message) : Exception(message)
{
    public CommandError.Types.Code Code { get; } = code;

    public int HttpStatus => Code switch
    {
        CommandError.Types.Code.InvalidArgument => StatusCodes.Status400BadRequest,
        CommandError.Types.Code.FailedPrecondition => StatusCodes.Status409Conflict,
        CommandError.Types.Code.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        CommandError.Types.Code.Unsupported => StatusCodes.Status501NotImplemented,
        _ => StatusCodes.Status502BadGateway,
    };

    public Grpc.Core.StatusCode GrpcStatus => Code switch
    {
        CommandError.Types.Code.InvalidArgument => Grpc.Core.StatusCode.InvalidArgument,
        CommandError.Types.Code.FailedPrecondition => Grpc.Core.StatusCode.FailedPrecondition,
        CommandError.Types.Code.DeadlineExceeded => Grpc.Core.StatusCode.DeadlineExceeded,
        CommandError.Types.Code.Unsupported => Grpc.Core.StatusCode.Unimplemented,
        _ => Grpc.Core.StatusCode.Internal,
    };

    public string Title => Code switch
    {
        CommandError.Types.Code.InvalidArgument => "Invalid request",
        CommandError.Types.Code.FailedPrecondition => "Refused",
        CommandError.Types.Code.DeadlineExceeded => "Deadline exceeded",
        CommandError.Types.Code.Unsupported => "Not supported by the agent",
        _ => "Agent error",
    };

    public static HardwareCommandException Invalid(string message) => new(CommandError.Types.Code.InvalidArgument, message);
}
