using PiController.Hub.Agents;
using PiController.Hub.Nodes;
using PiController.Protocol.Link;

namespace PiController.Hub.Hardware;

/// <summary>
/// Sends typed hardware commands to a node's agent through the registry and returns the result it expected, or
/// throws: <see cref="CommandFailedException"/> when the node is unknown, offline or silent, and
/// <see cref="HardwareCommandException"/> when the agent refused or failed.
/// </summary>
internal sealed class HardwareService(NodeStore store, AgentRegistry registry, HardwareEventFeed events, ManagedPinGuard managedPins)
{
    /// <summary>Long enough for an I2C scan of 117 addresses and a sensor's conversion time.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public HardwareEventFeed Events => events;

    public bool IsKnown(string nodeId) => registry.IsConnected(nodeId) || store.Get(nodeId) is not null;

    /// <summary>
    /// A command from the direct hardware API (REST or gRPC): refused when it would change a pin, channel or device
    /// that a resource manages; else sent like <see cref="SendAsync"/>, and the change it made is published on the
    /// event bus with source "api".
    /// </summary>
    public async Task<CommandResult> SendFromApiAsync(string nodeId, Command command, CommandResult.OutcomeOneofCase expected, CancellationToken cancellationToken)
    {
        managedPins.RefuseManaged(nodeId, command);
        var result = await SendAsync(nodeId, command, expected, cancellationToken).ConfigureAwait(false);
        await events.PublishApiResultAsync(nodeId, command, result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async Task<CommandResult> SendAsync(string nodeId, Command command, CommandResult.OutcomeOneofCase expected, CancellationToken cancellationToken)
    {
        if (!IsKnown(nodeId))
        {
            throw new CommandFailedException(CommandFailureKind.UnknownNode, $"no node with id \"{nodeId}\"; pi-controller nodes ls lists the nodes");
        }
        var result = await registry.SendAsync(nodeId, command, Timeout, cancellationToken).ConfigureAwait(false);
        if (result.OutcomeCase == CommandResult.OutcomeOneofCase.Error)
        {
            throw new HardwareCommandException(result.Error.Code, result.Error.Message);
        }
        if (result.OutcomeCase != expected)
        {
            throw new HardwareCommandException(CommandError.Types.Code.Unsupported,
                $"node {nodeId} answered {command.OpCase} with {result.OutcomeCase}; its agent may be older than this hub (upgrade pi-controller-agent)");
        }
        return result;
    }
}
