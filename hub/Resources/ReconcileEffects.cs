using PiController.Hub.Api;
using PiController.Hub.Events;
using PiController.Hub.Hardware;
using PiController.Protocol.Link;

namespace PiController.Hub.Resources;

/// <summary>
/// What follows from the agent's answer to a reconcile step: the resource's condition (Applied with the observed
/// state; Conflict when the agent says the pin is in use by I2C, SPI, UART, another process or the direct API;
/// Invalid for any other refusal, with the agent's message), the release owed, and the events
/// (gpio.state.changed, pwm.changed, resource.conflict with source "resource").
/// </summary>
internal sealed class ReconcileEffects(ResourceStore store, EventBus bus)
{
    private static readonly string[] ConflictWords = ["in use by", "held by", "claimed by", "already driving", "shares that channel"];

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
            if (outcome.Failure!.Kind == Agents.CommandFailureKind.NodeOffline)
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
            if (result.Error.Code == CommandError.Types.Code.FailedPrecondition && ConflictWords.Any(w => message.Contains(w, StringComparison.Ordinal)))
            {
                // Published when the conflict is new, not again at every pass that finds it still there.
                var known = statuses.Already(step.Kind, step.Name, ResourceCondition.Conflict, message);
                statuses.Set(step.Kind, step.Name, ResourceCondition.Conflict, "PinInUse", message, null);
                if (!known)
                {
                    await bus.PublishAsync(EventTypes.ResourceConflict, nodeId,
                        new ResourceConflictPayload(step.Kind.Name(), step.Name, "", "", Target(step.Command), message),
                        EventsJsonContext.Default.ResourceConflictPayload, cancellationToken).ConfigureAwait(false);
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
        result.OutcomeCase == CommandResult.OutcomeOneofCase.Error
        && result.Error.Code is CommandError.Types.Code.DeadlineExceeded or CommandError.Types.Code.Internal or CommandError.Types.Code.Unspecified;

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
                var observed = Observed.From(pin);
                await bus.PublishAsync(EventTypes.GpioStateChanged, nodeId,
                    new GpioStateChangedPayload((int)pin.Bcm, pin.HasHigh ? pin.High : null, step.Release is null ? observed.Mode : "input", observed.Edge, "resource", step.Name, null, null),
                    EventsJsonContext.Default.GpioStateChangedPayload, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (step.Command.OpCase is Command.OpOneofCase.PwmSet or Command.OpOneofCase.PwmStop)
        {
            var set = step.Command.PwmSet;
            var bcm = int.Parse(set?.Pin ?? step.Command.PwmStop.Pin, System.Globalization.CultureInfo.InvariantCulture);
            var channel = result.Pwm?.Channels.FirstOrDefault(c => c.Bcm == bcm);
            await bus.PublishAsync(EventTypes.PwmChanged, nodeId,
                new PwmChangedPayload(bcm, (int?)channel?.Chip, (int?)channel?.Channel, set?.FrequencyHz, set?.DutyPercent, set is not null, "resource", step.Name),
                EventsJsonContext.Default.PwmChangedPayload, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Target(Command command) => command.OpCase switch
    {
        Command.OpOneofCase.GpioConfigure => "GPIO" + command.GpioConfigure.Pin,
        Command.OpOneofCase.GpioWrite => "GPIO" + command.GpioWrite.Pin,
        Command.OpOneofCase.PwmSet => "GPIO" + command.PwmSet.Pin,
        Command.OpOneofCase.I2CWatch => $"I2C bus {command.I2CWatch.Bus} address {HardwareMapping.Address(command.I2CWatch.Address)}",
        _ => command.OpCase.ToString(),
    };
}
