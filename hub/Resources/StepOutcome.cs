using PiController.Hub.Agents;
using PiController.Protocol.Link;

namespace PiController.Hub.Resources;

/// <summary>The answer to one reconcile step: a result (possibly an agent error), or no answer at all.</summary>
internal sealed record StepOutcome(ReconcileStep Step, CommandResult? Result, CommandFailedException? Failure);
