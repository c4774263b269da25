namespace PiController.Hub.Resources;

/// <summary>
/// A resource as stored: its spec as the user wrote it (JSON), the node it resolved to, the claim it holds there
/// (<see cref="ValidSpec.Claim"/>) and its last status. <c>Source</c> is set when the resource is the projection of a
/// managed cluster's custom resource (only the cluster manager changes it then).
/// </summary>
internal sealed record ResourceRecord(
    ResourceKind Kind,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    string NodeId,
    string? Selector,
    string Spec,
    string Claim,
    bool ReleaseOnDelete,
    long Generation,
    ResourceStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    CustomResourceSource? Source = null)
{
    public string Reference => $"{Kind.Name()}/{Name}";
}

