using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Control.Pins;

/// <summary>
/// A hardware operation that was refused or failed, with the code and reason the hub decides on and a message that
/// says what is wrong and what to do (for people only: the hub never reads it). Thrown before anything on the pin
/// changed.
/// </summary>
internal sealed class HardwareException(CommandError.Types.Code code, string message, CommandError.Types.Reason reason = CommandError.Types.Reason.Unspecified)
    : Exception(message)
{
    public CommandError.Types.Code Code { get; } = code;

    public CommandError.Types.Reason Reason { get; } = reason;

    public static HardwareException Invalid(string message) => new(CommandError.Types.Code.InvalidArgument, message);

    /// <summary>Refused by the pin's own state or a safety rule (a write to an input, a reserved pin).</summary>
    public static HardwareException Refused(string message) =>
        new(CommandError.Types.Code.FailedPrecondition, message, CommandError.Types.Reason.Refused);

    /// <summary>The pin, channel or device is held by something else (I2C, the kernel, another claim).</summary>
    public static HardwareException Conflict(string message) =>
        new(CommandError.Types.Code.FailedPrecondition, message, CommandError.Types.Reason.Conflict);

    /// <summary>The pin is in the middle of a timed operation.</summary>
    public static HardwareException Busy(string message) =>
        new(CommandError.Types.Code.FailedPrecondition, message, CommandError.Types.Reason.Busy);

    public static HardwareException Unsupported(string message) => new(CommandError.Types.Code.Unsupported, message);
}
