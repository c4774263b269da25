using PiController.Hub.Api;

namespace PiController.Hub.Agents;

/// <summary>Why a command did not get a result.</summary>
internal enum CommandFailureKind
{
    UnknownNode,
    NodeOffline,
    DeadlineExceeded,
}

/// <summary>
/// A command that got no result: a <see cref="HubException"/> whose kind follows from <see cref="Failure"/>
/// (unknown node: not found; offline: unavailable; no answer in time: deadline). The edges translate it like any
/// other hub error; this layer knows no HTTP or gRPC status.
/// </summary>
internal sealed class CommandFailedException(CommandFailureKind failure, string message) : HubException(KindOf(failure), message)
{
    public CommandFailureKind Failure { get; } = failure;

    public static HubErrorKind KindOf(CommandFailureKind failure) => failure switch
    {
        CommandFailureKind.UnknownNode => HubErrorKind.NotFound,
        CommandFailureKind.NodeOffline => HubErrorKind.Unavailable,
        _ => HubErrorKind.Deadline,
    };
}
