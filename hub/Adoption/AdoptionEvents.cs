using PiController.Hub.Events;

namespace PiController.Hub.Adoption;

/// <summary>adoption.step: one step of an adoption started, ended or failed (output and stderr scrubbed of the join token).</summary>
internal sealed record AdoptionStepPayload(string Adoption, string Node, int Index, int Count, string Step, string State, bool Changed, string Output, string Error);

/// <summary>adoption.changed: an adoption started, ended with its node enrolled, or failed.</summary>
internal sealed record AdoptionChangedPayload(string Adoption, string Node, string State, string Detail);

/// <summary>Publishes adoption.step and adoption.changed; the node id rides along, so <c>events --node</c> finds them.</summary>
internal sealed class AdoptionEvents(EventBus bus)
{
    public void Step(AdoptionView adoption, int index, int count, string step, string state, bool changed = false, string output = "", string error = "") =>
        bus.Publish(EventTypes.AdoptionStep, adoption.NodeId,
            new AdoptionStepPayload(adoption.Name, adoption.NodeId, index, count, step, state, changed, output, error),
            AdoptionJsonContext.Default.AdoptionStepPayload);

    public void Changed(AdoptionView adoption, string detail) =>
        bus.Publish(EventTypes.AdoptionChanged, adoption.NodeId, new AdoptionChangedPayload(adoption.Name, adoption.NodeId, adoption.State, detail),
            AdoptionJsonContext.Default.AdoptionChangedPayload);
}
