using System.Text.Json;
using PiController.Hub.Kube.Nodes;

namespace PiController.Hub.Tests.Kube.Nodes;

public sealed class NodeLabelPatchTests
{
    private static JsonElement Node(string labels, string taints = "[]") =>
        JsonDocument.Parse("""{"metadata":{"name":"pi-a","resourceVersion":"41","labels":""" + labels + """},"spec":{"taints":""" + taints + "}}").RootElement;

    private static NodeLabelState Desired(Dictionary<string, string> labels, bool complete = true, params NodeTaint[] taints) => new(labels, taints, complete);

    [Fact]
    public void A_node_already_in_step_needs_no_patch()
    {
        var node = Node("""{"kubernetes.io/hostname":"pi-a","hardware.pi-controller.io/gpio":"true"}""");

        Assert.Null(NodeLabelPatch.Compute(node, Desired(new() { ["hardware.pi-controller.io/gpio"] = "true" })));
    }

    [Fact]
    public void A_changed_label_is_set_and_a_feature_that_disappeared_is_removed_leaving_others_labels_alone()
    {
        var node = Node("""{"kubernetes.io/hostname":"pi-a","team":"blue","hardware.pi-controller.io/i2c":"true","hardware.pi-controller.io/memory-mb":"2048"}""");

        var patch = NodeLabelPatch.Compute(node, Desired(new() { ["hardware.pi-controller.io/memory-mb"] = "4096" }));

        Assert.Equal("""{"metadata":{"labels":{"hardware.pi-controller.io/memory-mb":"4096","hardware.pi-controller.io/i2c":null}}}""", patch);
    }

    [Fact]
    public void Without_a_report_nothing_is_removed()
    {
        var node = Node("""{"hardware.pi-controller.io/i2c":"true"}""");

        Assert.Equal("""{"metadata":{"labels":{"hardware.pi-controller.io/node-id":"n1"}}}""",
            NodeLabelPatch.Compute(node, Desired(new() { ["hardware.pi-controller.io/node-id"] = "n1" }, complete: false)));
    }

    [Fact]
    public void The_node_id_label_is_never_removed()
    {
        var node = Node("""{"hardware.pi-controller.io/node-id":"old"}""");

        Assert.Null(NodeLabelPatch.Compute(node, Desired([])));
    }

    [Fact]
    public void A_taint_is_added_beside_others_taints_with_the_resourceVersion_so_a_concurrent_change_is_refused()
    {
        var node = Node("{}", """[{"key":"node.kubernetes.io/unschedulable","effect":"NoSchedule","timeAdded":"2026-12-07T01:00:00Z"}]""");

        var patch = NodeLabelPatch.Compute(node, Desired([], true, new NodeTaint("hardware.pi-controller.io/under-voltage", "true", "NoSchedule")));

        Assert.Equal("""{"metadata":{"resourceVersion":"41"},"spec":{"taints":[{"key":"node.kubernetes.io/unschedulable","effect":"NoSchedule","timeAdded":"2026-12-07T01:00:00Z"},""" +
            """{"key":"hardware.pi-controller.io/under-voltage","value":"true","effect":"NoSchedule"}]}}""", patch);
    }

    [Fact]
    public void The_hubs_taint_goes_when_the_throttling_ends_and_others_stay()
    {
        var node = Node("{}", """[{"key":"hardware.pi-controller.io/thermal-throttled","value":"true","effect":"NoSchedule"},{"key":"gpu","value":"x","effect":"NoSchedule"}]""");

        Assert.Equal("""{"metadata":{"resourceVersion":"41"},"spec":{"taints":[{"key":"gpu","value":"x","effect":"NoSchedule"}]}}""",
            NodeLabelPatch.Compute(node, Desired([])));
    }

    [Fact]
    public void A_taint_already_there_needs_no_patch()
    {
        var node = Node("{}", """[{"key":"hardware.pi-controller.io/under-voltage","value":"true","effect":"NoSchedule","timeAdded":"2026-12-07T01:00:00Z"}]""");

        Assert.Null(NodeLabelPatch.Compute(node, Desired([], true, new NodeTaint("hardware.pi-controller.io/under-voltage", "true", "NoSchedule"))));
    }
}
