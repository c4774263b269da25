using PiController.Hub.Hardware;
using PiController.Protocol.Link;

namespace PiController.Hub.Resources;

/// <summary>
/// What follows from the agent's answer to a reconcile step: the resource's condition (Applied with the observed
/// state; Conflict when the agent's error carries the reason CONFLICT: the pin is in use by I2C, SPI, UART, another
/// process or the direct API; Invalid for any other refusal, with the agent's message), the release owed, and the
/// events (gpio.state.changed, pwm.changed, resource.conflict with source "resource"). It decides on the error's
/// code and reason (<see cref="HardwareErrors"/>), never on its message.
/// </summary>
internal sealed class ReconcileEffects(ResourceStore store, HardwareEventPublisher publish)
{
    /// <summary>Handles a release; true when it must be tried again.</summary>
    public async Task<bool> ReleasedAsync(string nodeId, StepOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Result is not { } result || IsTransient(result))
        {
            return true;
        }
        // A refusal here means the agent no longer holds the pin for us: nothing is left to give back.
        store.ReleaseDone(outcome.Step.Release!);
        if (result.OutcomeCase != CommandResult.OutcomeOneofCase.Error)
        {
            await PublishAsync(nodeId, outcome.Step, result, cancellationToken).ConfigureAwait(false);
        }
        return false;
    }

    /// <summary>Handles a change; true when it must be tried again.</summary>
    public async Task<bool> AppliedAsync(string nodeId, StepOutcome outcome, ReconcileStatuses statuses, CancellationToken cancellationToken)
    {
        var step = outcome.Step;
        if (outcome.Result is not { } result)
        {
            if (outcome.Failure!.Failure == Agents.CommandFailureKind.NodeOffline)
            {
                statuses.Set(step.Kind, step.Name, ResourceCondition.NodeOffline, "AgentNotConnected", outcome.Failure.Message, null);
            }
            return true;
        }
        if (IsTransient(result))
        {
            return true;
        }
        if (result.OutcomeCase == CommandResult.OutcomeOneofCase.Error)
        {
            var message = result.Error.Message;
            if (HardwareErrors.IsConflict(result.Error))
            {
                // Published when the conflict is new, not again at every pass that finds it still there.
                var known = statuses.Already(step.Kind, step.Name, ResourceCondition.Conflict, message);
                statuses.Set(step.Kind, step.Name, ResourceCondition.Conflict, "PinInUse", message, null);
                if (!known)
                {
                    await publish.ConflictAsync(nodeId, step.Kind.Name(), step.Name, Target(step.Command), message, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                statuses.Set(step.Kind, step.Name, ResourceCondition.Invalid, result.Error.Code == CommandError.Types.Code.InvalidArgument ? "InvalidArgument" : "Refused", message, null);
            }
            return false;
        }
        statuses.Set(step.Kind, step.Name, ResourceCondition.Applied, "Applied", "the agent applied the desired state", ObservedOf(step, result));
        await PublishAsync(nodeId, step, result, cancellationToken).ConfigureAwait(false);
        return false;
    }

    private static bool IsTransient(CommandResult result) =>
        result.OutcomeCase == CommandResult.OutcomeOneofCase.Error && HardwareErrors.IsTransient(result.Error);

    private static ObservedState? ObservedOf(ReconcileStep step, CommandResult result) => result.OutcomeCase switch
    {
        CommandResult.OutcomeOneofCase.Gpio => result.Gpio.Pins.FirstOrDefault() is { } pin ? Observed.From(pin) : null,
        CommandResult.OutcomeOneofCase.Pwm => result.Pwm.Channels.FirstOrDefault(c => c.Bcm.ToString(System.Globalization.CultureInfo.InvariantCulture) == step.Command.PwmSet?.Pin) is { } channel
            ? Observed.From(channel) : null,
        CommandResult.OutcomeOneofCase.I2CWatches => result.I2CWatches.Watches.FirstOrDefault(w => w.Bus == step.Command.I2CWatch?.Bus && w.Address == step.Command.I2CWatch?.Address) is { } watch
            ? Observed.From(watch) : null,
        _ => null,
    };

    private async Task PublishAsync(string nodeId, ReconcileStep step, CommandResult result, CancellationToken cancellationToken)
    {
        if (result.OutcomeCase == CommandResult.OutcomeOneofCase.Gpio)
        {
            foreach (var pin in result.Gpio.Pins)
            {
                await publish.PinChangedByResourceAsync(nodeId, pin, step.Name, released: step.Release is not null, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (step.Command.OpCase is Command.OpOneofCase.PwmSet or Command.OpOneofCase.PwmStop)
        {
            var set = step.Command.PwmSet;
            var bcm = int.Parse(set?.Pin ?? step.Command.PwmStop.Pin, System.Globalization.CultureInfo.InvariantCulture);
            var channel = result.Pwm?.Channels.FirstOrDefault(c => c.Bcm == bcm);
            await publish.PwmChangedByResourceAsync(nodeId, bcm, channel, set, step.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What the step acts on, in words: "GPIO17", "I2C bus 1 address 0x76" (from <see cref="LinkCommands"/>).</summary>
    private static string Target(Command command)
    {
        var targets = LinkCommands.Of(command).Targets(command);
        return targets.Device?.ToString() ?? (targets.Pins.Count > 0 ? "GPIO" + targets.Pins[0] : command.OpCase.ToString());
    }
}
