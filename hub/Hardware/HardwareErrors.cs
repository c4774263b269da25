using PiController.Hub.Api;
using PiController.Protocol.Link;

namespace PiController.Hub.Hardware;

/// <summary>
/// The hardware path's errors as <see cref="HubException"/>s: bad request values, and the one mapping from an agent's
/// <see cref="CommandError"/> to a hub error, by its code and reason, never by its
/// message: a bad argument is 400 "Invalid request", a refusal for safety, mode or a holder 409 "Refused", an
/// operation the agent cannot do 501, a failure on the agent 502. An agent older than reasons is read by its code.
/// </summary>
internal static class HardwareErrors
{
    public static HubException From(CommandError error) => error.Code switch
    {
        CommandError.Types.Code.InvalidArgument => new HubException(HubErrorKind.Invalid, error.Message),
        CommandError.Types.Code.FailedPrecondition => new HubException(HubErrorKind.Conflict, error.Message),
        CommandError.Types.Code.DeadlineExceeded => new HubException(HubErrorKind.Deadline, error.Message),
        CommandError.Types.Code.Unsupported => new HubException(HubErrorKind.Unsupported, error.Message),
        _ => new HubException(HubErrorKind.Failed, error.Message),
    };

    /// <summary>The pin, channel or device is held by something else: a resource's Conflict condition.</summary>
    public static bool IsConflict(CommandError error) => error.Reason == CommandError.Types.Reason.Conflict;

    /// <summary>Worth trying again as it is: the agent ran out of time, failed, or the pin was busy with a pulse.</summary>
    public static bool IsTransient(CommandError error) =>
        error.Code is CommandError.Types.Code.DeadlineExceeded or CommandError.Types.Code.Internal or CommandError.Types.Code.Unspecified
        || error.Reason == CommandError.Types.Reason.Busy;

    /// <summary>The agent answered with something other than the table's outcome: another version.</summary>
    public static HubException Unexpected(string nodeId, Command command, CommandResult result) =>
        new(HubErrorKind.Unsupported,
            $"node {nodeId} answered {command.OpCase} with {result.OutcomeCase}; its agent may be older than this hub (upgrade pi-controller-agent)");

    /// <summary>A request value that is wrong before anything is sent.</summary>
    public static HubException Invalid(string message) => new(HubErrorKind.Invalid, message);
}
