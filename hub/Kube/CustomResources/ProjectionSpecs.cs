using System.Globalization;
using System.Text.Json;
using PiController.Hub.Resources;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// A custom resource's spec as the hub resource it is projected into: the same fields (spec.node aside, which names
/// the Kubernetes node; the projection is placed on the hub node that node is), checked by the hub's own rules, so a
/// spec the schema lets through but the hub refuses gets the hub's message.
/// </summary>
internal static class ProjectionSpecs
{
    /// <summary>Labels the projection carries besides the custom resource's own, to find projections with a selector.</summary>
    public const string ClusterLabel = CustomResourceKinds.Group + "/cluster";
    public const string NamespaceLabel = CustomResourceKinds.Group + "/namespace";

    public static ResourceDraft Draft(ResourceKind kind, string hubName, string nodeId, string cluster, CustomResourceObject cr)
    {
        var labels = new Dictionary<string, string>(cr.Labels, StringComparer.Ordinal) { [ClusterLabel] = cluster, [NamespaceLabel] = cr.Namespace };
        var node = new NodeTarget(Id: nodeId);
        var spec = cr.Spec;
        return kind switch
        {
            ResourceKind.GpioPin => ResourceTypes.Gpio.Draft(new ResourceDocument<GpioSpec>(kind.Name(), hubName, labels, node,
                new GpioSpec(Text(spec, "pin"), Text(spec, "mode"), Text(spec, "pull"), Bool(spec, "activeLow"), Text(spec, "edge"), Long(spec, "debounceMs"),
                    Text(spec, "value"), Text(spec, "onDelete")))),
            ResourceKind.PwmController => ResourceTypes.Pwm.Draft(new ResourceDocument<PwmSpec>(kind.Name(), hubName, labels, node,
                new PwmSpec(Text(spec, "pin"), Long(spec, "frequencyHz"), Double(spec, "dutyPercent"), Text(spec, "onDelete")))),
            _ => ResourceTypes.I2c.Draft(new ResourceDocument<I2cSpec>(kind.Name(), hubName, labels, node,
                new I2cSpec(Long(spec, "bus"), Text(spec, "address"), Text(spec, "device"), Long(spec, "intervalMs"), Text(spec, "onDelete")))),
        };
    }

    /// <summary>A string, or a number as written (pin: 17, address: 118): the hub's rules read both.</summary>
    private static string? Text(JsonElement spec, string field) => Field(spec, field) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        { ValueKind: JsonValueKind.True or JsonValueKind.False } b => b.GetRawText(),
        _ => null,
    };

    private static long? Long(JsonElement spec, string field) => Field(spec, field) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var v) => v,
        { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) => v,
        _ => null,
    };

    private static double? Double(JsonElement spec, string field) => Field(spec, field) switch
    {
        { ValueKind: JsonValueKind.Number } n => n.GetDouble(),
        _ => null,
    };

    private static bool? Bool(JsonElement spec, string field) => Field(spec, field) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    private static JsonElement? Field(JsonElement spec, string field) =>
        spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty(field, out var value) ? value : null;
}
