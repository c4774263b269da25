using System.Text.Json;
using PiController.Hub.Kube.Informers;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>What the projection reads of a GPIOPin, PWMController or I2CDevice from the informer's cache.</summary>
internal sealed record CustomResourceObject(KubeKind Kind, KubeObject Cached)
{
    public string Namespace => Cached.Namespace;

    public string Name => Cached.Name;

    public long Generation => Cached.Generation;

    public JsonElement Metadata => Cached.Json.GetProperty("metadata");

    public bool Deleting => Metadata.TryGetProperty("deletionTimestamp", out var t) && t.ValueKind == JsonValueKind.String;

    public IReadOnlyList<string> Finalizers =>
        Metadata.TryGetProperty("finalizers", out var f) && f.ValueKind == JsonValueKind.Array
            ? f.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
            : [];

    public bool HoldsFinalizer => Finalizers.Contains(CustomResourceKinds.Finalizer);

    public JsonElement Spec => Cached.Json.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object ? spec : default;

    /// <summary>The status as the object has it now (an empty object when it has none).</summary>
    public JsonElement Status => Cached.Json.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object ? status : Empty;

    public IReadOnlyDictionary<string, string> Labels =>
        Metadata.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object
            ? labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();

    /// <summary>spec.node: the Kubernetes node the object names.</summary>
    public string? Node => Spec.ValueKind == JsonValueKind.Object && Spec.TryGetProperty("node", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;

    /// <summary>status.observedGeneration as the object has it now, 0 when absent.</summary>
    public long ObservedGeneration => Status.TryGetProperty("observedGeneration", out var g) && g.TryGetInt64(out var v) ? v : 0;

    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;
}
