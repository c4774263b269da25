using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Pins;

/// <summary>
/// A hardware operation that was refused or failed, with the code the hub maps to a status and a message that
/// says what is wrong and what to do. Thrown before anything on the pin changed.
/// </summary>
internal sealed class HardwareException(CommandError.Types.Code code, string message) : Exception(message)
{
    public CommandError.Types.Code Code { get; } = code;

    public static HardwareException Invalid(string message) => new(CommandError.Types.Code.InvalidArgument, message);

    public static HardwareException Refused(string message) => new(CommandError.Types.Code.FailedPrecondition, message);

    public static HardwareException Unsupported(string message) => new(CommandError.Types.Code.Unsupported, message);
}
