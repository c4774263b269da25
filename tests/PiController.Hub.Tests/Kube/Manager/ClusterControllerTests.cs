using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Nodes;
using PiController.KubeApiDouble;

namespace PiController.Hub.Tests.Kube.Manager;

public sealed class ClusterControllerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly KubeKind Widgets = new("Widget", "example.com", "v1", "widgets", true);
    private readonly TempDirectory _directory = new("pic-kube-controller-");
    private readonly KubeTestMetrics _metrics = new();
    private KubeApiDoubleHost _double = null!;
    private NodeStore _nodes = null!;

    public async Task InitializeAsync()
    {
        _double = await KubeApiDoubleHost.StartAsync();
        _nodes = new NodeStore(_directory.MigratedDatabase(), TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _double.DisposeAsync();
        _metrics.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Nothing_is_reconciled_before_every_watched_kind_is_synced()
    {
        _double.Store.Create(KubeDoubleObjects.Node("pi-1"));
        var part = new RecordingPart("widgets", KubeKind.Nodes, Widgets);
        await using var controller = Start(part);
        // Widgets are not served yet: their informer cannot list, so the node already listed must wait.
        await Eventually.TrueAsync(() => Task.FromResult(controller.Status().Kinds.Single(k => k.Kind == "widgets.example.com").Restarts["error"] >= 1), Patience,
            "a failed list of widgets");
        Assert.True(controller.Cache(KubeKind.Nodes).Synced);
        Assert.Equal(ControllerPhase.Syncing, controller.Status().Phase);
        Assert.Empty(part.Reconciled);

        _double.Store.Create(WidgetDefinition());
        await Eventually.TrueAsync(() => Task.FromResult(part.Count("pi-1") == 1), Patience, "pi-1 reconciled after the sync");
        Assert.Empty(part.BeforeSync);
        Assert.Equal(ControllerPhase.Running, controller.Status().Phase);
    }

    [Fact]
    public async Task A_failed_preparation_is_retried_before_anything_is_watched()
    {
        var part = new RecordingPart("crds", KubeKind.Nodes) { FailPreparations = 1 };
        await using var controller = Start(part);
        await Eventually.TrueAsync(() => Task.FromResult(controller.Status().Phase == ControllerPhase.Running), Patience, "running");
        Assert.Equal(2, part.Prepared);
        Assert.Null(controller.Status().LastError);
    }

    [Fact]
    public async Task A_failed_key_is_retried_and_changes_to_one_key_are_coalesced_while_it_waits()
    {
        _double.Store.Create(KubeDoubleObjects.Node("pi-1"));
        var failing = true;
        var part = new RecordingPart("labels", KubeKind.Nodes) { Fails = _ => Volatile.Read(ref failing) };
        await using var controller = Start(part);
        await Eventually.TrueAsync(() => Task.FromResult(part.Count("pi-1") >= 2), Patience, "a retry of pi-1");
        Assert.True(controller.Status().Retrying >= 1);
        Volatile.Write(ref failing, false);
        await Eventually.TrueAsync(() => Task.FromResult(controller.Status().Retrying == 0 && controller.Status().Queued == 0), Patience, "pi-1 done");
    }

    [Fact]
    public async Task A_resync_gives_every_part_every_key_again_and_its_own_keys_too()
    {
        _double.Store.Create(KubeDoubleObjects.Node("pi-1"));
        var part = new RecordingPart("quota", KubeKind.Nodes);
        await using var controller = Start(part, resync: TimeSpan.FromMilliseconds(300));
        controller.Enqueue("quota", "namespace/default");
        await Eventually.TrueAsync(() => Task.FromResult(part.Count("pi-1") >= 3 && part.Count("namespace/default") >= 3), Patience, "three rounds of both keys");
        Assert.Contains(part.Reconciled, i => i.Kind is null && i.Key == "namespace/default");
    }

    [Fact]
    public async Task Kubernetes_nodes_are_matched_to_hub_nodes_by_label_or_hostname()
    {
        _nodes.RecordEnrolled("serial-1", "pi-one");
        _nodes.RecordEnrolled("serial-2", "pi-two");
        _double.Store.Create(KubeDoubleObjects.Node("k-1", nodeIdLabel: "serial-1"));
        _double.Store.Create(KubeDoubleObjects.Node("pi-two"));
        await using var controller = Start(new RecordingPart("labels", KubeKind.Nodes));
        await Eventually.TrueAsync(() => Task.FromResult(controller.Synced), Patience, "synced");
        Assert.Equal("serial-1", controller.NodeIdOf("k-1"));
        Assert.Equal("pi-two", controller.KubernetesNodeOf("serial-2"));
        Assert.Null(controller.NodeIdOf("absent"));
    }

    private ClusterController Start(IClusterPart part, TimeSpan? resync = null)
    {
        var options = ClusterManagerOptions.Default with { Resync = resync ?? TimeSpan.FromHours(1), FirstRetry = TimeSpan.FromMilliseconds(100), MaxRetry = TimeSpan.FromSeconds(1) };
        var controller = new ClusterController(KubeApi.FromKubeconfig("lab", _double.Kubeconfig), "f", [part], options, _metrics.Metrics, _nodes, TimeProvider.System,
            NullLogger.Instance);
        controller.Start();
        return controller;
    }

    private static JsonObject WidgetDefinition() => JsonNode.Parse("""
        {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
         "metadata": {"name": "widgets.example.com"},
         "spec": {"group": "example.com", "scope": "Namespaced",
                  "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"},
                  "versions": [{"name": "v1", "served": true, "storage": true,
                                "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}}
        """)!.AsObject();
}
