namespace PiController.Hub.Resources;

/// <summary>One kind's JSON contract and spec rules, behind a non-generic face for the API and the reconciler.</summary>
internal interface IResourceType
{
    ResourceKind Kind { get; }

    /// <summary>Reads a request body; throws <see cref="Api.HubException"/> (Invalid) when it is not a document of this kind.</summary>
    ResourceDraft Parse(ReadOnlySpan<byte> json);

    /// <summary>Checks a stored spec again; null when it is no longer valid.</summary>
    ValidSpec? Check(string specJson, List<string> errors);

    /// <summary>The resource as its REST document (JSON text).</summary>
    string Serialize(ResourceRecord record, ResourceStatus status);

    /// <summary>Several resources as a JSON array.</summary>
    string SerializeList(IEnumerable<(ResourceRecord Record, ResourceStatus Status)> items);
}
