namespace PiController.Hub.Resources;

/// <summary>
/// A resource as REST shows and takes it, shaped like a Kubernetes object. On input only <c>name</c>,
/// <c>labels</c>, <c>node</c> and <c>spec</c> count (and <c>kind</c>, which must match the collection);
/// <c>status</c>, <c>generation</c>, <c>createdAt</c> and <c>updatedAt</c> are the hub's and are ignored, so a
/// document read with GET can be sent back as it is.
/// </summary>
internal sealed record ResourceDocument<TSpec>(
    string? Kind,
    string? Name,
    IReadOnlyDictionary<string, string>? Labels,
    NodeTarget? Node,
    TSpec? Spec,
    ResourceStatus? Status = null,
    long? Generation = null,
    DateTimeOffset? CreatedAt = null,
    DateTimeOffset? UpdatedAt = null)
    where TSpec : class;
