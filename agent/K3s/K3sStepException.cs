using PiController.Protocol.Link;

namespace PiController.Agent.K3s;

/// <summary>A K3s step refused or failed; <see cref="Code"/> goes to the hub as the CommandError's code and the message as its words. Nothing was half-applied.</summary>
internal sealed class K3sStepException(CommandError.Types.Code code, string message) : Exception(message)
{
    public CommandError.Types.Code Code { get; } = code;

    /// <summary>A path, unit or value outside the allow-list: refused before anything was touched.</summary>
    public static K3sStepException Refused(string message) => new(CommandError.Types.Code.InvalidArgument, message);

    /// <summary>The node is not in a state the step can work from.</summary>
    public static K3sStepException Precondition(string message) => new(CommandError.Types.Code.FailedPrecondition, message);
}
