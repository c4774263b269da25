using PiController.Hub.Agents;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Preflight;
using PiController.Hub.Provisioning.Transport;
using PiController.Protocol.Link;

namespace PiController.Hub.Provisioning.AgentTransport;

/// <summary>
/// A node reached through its agent's stream: each step is one typed link command (<see cref="AgentStepCommands"/>),
/// answered once by id even across a reconnect (the agent's journal). A failed step carries the agent's reason; a node
/// whose agent is not connected, or does not answer by the step's deadline, is unreachable
/// (<see cref="NodeUnreachableException"/>, with what to do next).
/// </summary>
internal sealed class AgentNodeTransport(string nodeId, AgentRegistry registry, TimeProvider time) : INodeTransport
{
    public string Description => $"agent {nodeId}";

    public static string NotConnected(string nodeId) =>
        $"node {nodeId} is not connected to the hub; start its agent (systemctl start pi-agent on the node) and run the plan again, " +
        $"or reach it over SSH (ssh:NAME)";

    public async Task<PreflightFacts> GatherFactsAsync(IReadOnlyList<string> otherHostnames, CancellationToken cancellationToken)
    {
        var sent = time.GetUtcNow();
        var result = await SendAsync(new Command { GatherPreflightFacts = new GatherPreflightFacts() }, AgentStepCommands.HostStep, cancellationToken).ConfigureAwait(false);
        var received = time.GetUtcNow();
        return AgentFacts.From(Expect(result, CommandResult.OutcomeOneofCase.PreflightFacts).PreflightFacts, sent, received, otherHostnames);
    }

    public async Task<StepResult> RunAsync(InstallStep step, IReadOnlySet<string> changedPaths, CancellationToken cancellationToken)
    {
        if (AgentStepCommands.For(step, changedPaths) is not { } mapped)
        {
            return StepResult.Done(false, "not restarted: nothing it reads changed in this run");
        }
        var result = await SendAsync(mapped.Command, mapped.Timeout, cancellationToken).ConfigureAwait(false);
        return result.OutcomeCase switch
        {
            CommandResult.OutcomeOneofCase.Error => StepResult.Failed(Reason(result.Error)),
            CommandResult.OutcomeOneofCase.K3SStep => StepResult.Done(result.K3SStep.Changed, result.K3SStep.Detail),
            CommandResult.OutcomeOneofCase.K3SService => StepResult.Done(result.K3SService.Changed,
                result.K3SService.ActiveState.Length == 0 ? "" : $"{mapped.Command.ServiceControl.Unit} is {result.K3SService.ActiveState}"),
            _ => StepResult.Failed(Unexpected(mapped.Command, result)),
        };
    }

    public async Task<string?> ReadK3sFileAsync(K3sFile file, CancellationToken cancellationToken)
    {
        var result = await SendAsync(new Command { ReadK3SFile = new ReadK3sFile { File = AgentStepCommands.KindOf(file) } }, AgentStepCommands.Quick, cancellationToken).ConfigureAwait(false);
        var content = Expect(result, CommandResult.OutcomeOneofCase.K3SFile).K3SFile;
        return content.Exists ? content.Content.ToStringUtf8() : null;
    }

    public async Task<string> ServiceStateAsync(string unit, CancellationToken cancellationToken)
    {
        if (unit is not ("k3s" or "k3s-agent"))
        {
            throw new ArgumentException($"\"{unit}\" is not a K3s unit (k3s or k3s-agent)", nameof(unit));
        }
        var result = await SendAsync(AgentStepCommands.Service(ServiceControl.Types.Action.State, unit), AgentStepCommands.Quick, cancellationToken).ConfigureAwait(false);
        return Expect(result, CommandResult.OutcomeOneofCase.K3SService).K3SService.ActiveState;
    }

    public async Task<string> BootIdAsync(CancellationToken cancellationToken)
    {
        var result = await SendAsync(new Command { GatherPreflightFacts = new GatherPreflightFacts() }, AgentStepCommands.HostStep, cancellationToken).ConfigureAwait(false);
        var facts = Expect(result, CommandResult.OutcomeOneofCase.PreflightFacts).PreflightFacts;
        return facts.HasBootId ? facts.BootId : throw new NodeUnreachableException($"node {nodeId} did not say its boot id (/proc/sys/kernel/random/boot_id); upgrade pi-controller-agent on it");
    }

    public async Task FixBootCmdlineAndRebootAsync(string cmdlinePath, string text, CancellationToken cancellationToken)
    {
        var result = await SendAsync(new Command { FixBootCmdline = new FixBootCmdline { Path = cmdlinePath, Text = text } }, AgentStepCommands.HostStep, cancellationToken).ConfigureAwait(false);
        Expect(result, CommandResult.OutcomeOneofCase.K3SStep);
    }

    public async Task<EtcdSnapshotOutcome> EtcdSnapshotAsync(EtcdSnapshotRequest request, CancellationToken cancellationToken)
    {
        var command = AgentSnapshots.Command(request);
        var result = await SendAsync(command, AgentSnapshots.Timeout, cancellationToken).ConfigureAwait(false);
        return result.OutcomeCase switch
        {
            CommandResult.OutcomeOneofCase.Error => EtcdSnapshotOutcome.Failed(Reason(result.Error)),
            CommandResult.OutcomeOneofCase.EtcdSnapshots => AgentSnapshots.Outcome(result.EtcdSnapshots),
            _ => EtcdSnapshotOutcome.Failed(Unexpected(command, result)),
        };
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<CommandResult> SendAsync(Command command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await registry.SendAsync(nodeId, command, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandFailedException e) when (e.Failure == CommandFailureKind.NodeOffline)
        {
            throw new NodeUnreachableException(NotConnected(nodeId), e);
        }
        catch (CommandFailedException e)
        {
            throw new NodeUnreachableException($"{e.Message}; check the node (journalctl -u pi-agent on it) and run the plan again: a step that finished is not run twice", e);
        }
    }

    /// <summary>The outcome a read or query must have; an error or another outcome is thrown as the agent's words.</summary>
    private CommandResult Expect(CommandResult result, CommandResult.OutcomeOneofCase outcome) => result.OutcomeCase == outcome
        ? result
        : throw new NodeUnreachableException(result.OutcomeCase == CommandResult.OutcomeOneofCase.Error
            ? $"node {nodeId}: {Reason(result.Error)}"
            : $"node {nodeId} answered {result.OutcomeCase} instead of {outcome}; upgrade pi-controller-agent on it");

    private static string Reason(CommandError error) => error.Code == CommandError.Types.Code.Unsupported && error.Message.Length == 0
        ? "this agent does not know the K3s steps; upgrade pi-controller-agent on the node"
        : error.Message;

    private string Unexpected(Command command, CommandResult result) =>
        $"node {nodeId} answered {command.OpCase} with {result.OutcomeCase}; upgrade pi-controller-agent on it";
}
