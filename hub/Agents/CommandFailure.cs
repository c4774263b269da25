using PiController.Hub.Api;

namespace PiController.Hub.Agents;

/// <summary>Why a command did not get a result.</summary>
internal enum CommandFailureKind
{
    UnknownNode,
    NodeOffline,
    DeadlineExceeded,
}

/// <summary>A command that got no result: a <see cref="HubException"/> whose kind and title follow from <see cref="Kind"/>.</summary>
internal sealed class CommandFailedException(CommandFailureKind kind, string message)
    : HubException(KindOf(kind), message, TitleOf(kind))
{
    public new CommandFailureKind Kind { get; } = kind;

    public HubErrorKind ErrorKind => base.Kind;

    public int HttpStatus => HubErrorKinds.HttpStatus(base.Kind);

    public Grpc.Core.StatusCode GrpcStatus => HubErrorKinds.GrpcStatus(base.Kind);

    private static HubErrorKind KindOf(CommandFailureKind kind) => kind switch
    {
        CommandFailureKind.UnknownNode => HubErrorKind.NotFound,
        CommandFailureKind.NodeOffline => HubErrorKind.Unavailable,
        _ => HubErrorKind.Deadline,
    };

    private static string TitleOf(CommandFailureKind kind) => kind switch
    {
        CommandFailureKind.UnknownNode => "Unknown node",
        CommandFailureKind.NodeOffline => "Node offline",
        _ => "Deadline exceeded",
    };
}
