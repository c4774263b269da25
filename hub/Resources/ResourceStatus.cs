namespace PiController.Hub.Resources;

/// <summary>
/// What the hub last observed for a resource: the node it is assigned to, what the agent reported holding for
/// its pin, channel or device, the conditions (Applied, Conflict, NodeOffline, Invalid) and the generation that
/// observation answers.
/// </summary>
internal sealed record ResourceStatus(
    string? Node,
    ObservedState? Observed,
    IReadOnlyList<ResourceCondition> Conditions,
    DateTimeOffset? LastUpdate,
    long ObservedGeneration)
{
    public static ResourceStatus Pending(string node) => new(node, null, [], null, 0);

    public ResourceCondition? Condition(string type) => Conditions.FirstOrDefault(c => c.Type == type);

    public bool Is(string type) => Condition(type)?.Status == ResourceCondition.True;
}
