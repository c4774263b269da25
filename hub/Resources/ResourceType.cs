using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PiController.Hub.Api;
using PiController.Hub.Nodes;

namespace PiController.Hub.Resources;

/// <summary>The <see cref="IResourceType"/> of one kind, over its source-generated spec and document contracts.</summary>
internal sealed class ResourceType<TSpec>(
    ResourceKind kind,
    JsonTypeInfo<TSpec> specType,
    JsonTypeInfo<ResourceDocument<TSpec>> documentType,
    JsonTypeInfo<List<ResourceDocument<TSpec>>> listType,
    Func<TSpec?, List<string>, ValidSpec?> check) : IResourceType
    where TSpec : class
{
    public ResourceKind Kind => kind;

    public JsonTypeInfo<ResourceDocument<TSpec>> DocumentType => documentType;

    public ResourceDraft Parse(ReadOnlySpan<byte> json)
    {
        ResourceDocument<TSpec>? document;
        try
        {
            document = JsonSerializer.Deserialize(json, documentType);
        }
        catch (JsonException e)
        {
            throw new HubException(HubErrorKind.Invalid, JsonBody.Describe(e, json, documentType));
        }
        return Draft(document ?? throw new HubException(HubErrorKind.Invalid, "the body is JSON null; send a resource document"));
    }

    public ResourceDraft Draft(ResourceDocument<TSpec> document)
    {
        var problems = new List<string>();
        if (document.Kind is { } k && ResourceKinds.Parse(k) != kind)
        {
            problems.Add($"kind is \"{TextRules.Excerpt(k)}\", but this is the {kind.Name()} collection");
        }
        LabelRules.Check(document.Labels, "labels", allowReserved: true, problems);
        var valid = check(document.Spec, problems);
        var spec = document.Spec is null ? "{}" : JsonSerializer.Serialize(document.Spec, specType);
        var labels = document.Labels?.ToDictionary(p => p.Key, p => p.Value ?? "", StringComparer.Ordinal) ?? [];
        return new ResourceDraft(kind, document.Kind, document.Name, labels, document.Node, spec, valid, problems);
    }

    public ValidSpec? Check(string specJson, List<string> errors) => check(JsonSerializer.Deserialize(specJson, specType), errors);

    public string Serialize(ResourceRecord record, ResourceStatus status) => JsonSerializer.Serialize(Document(record, status), documentType);

    public string SerializeList(IEnumerable<(ResourceRecord Record, ResourceStatus Status)> items) =>
        JsonSerializer.Serialize(items.Select(i => Document(i.Record, i.Status)).ToList(), listType);

    public ResourceDocument<TSpec> Document(ResourceRecord record, ResourceStatus status) => new(
        kind.Name(),
        record.Name,
        record.Labels,
        record.Selector is null ? new NodeTarget(Id: record.NodeId) : new NodeTarget(Selector: record.Selector),
        JsonSerializer.Deserialize(record.Spec, specType),
        status,
        record.Generation,
        record.CreatedAt,
        record.UpdatedAt);
}
