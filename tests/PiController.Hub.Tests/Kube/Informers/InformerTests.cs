using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Informers;
using PiController.KubeApiDouble;

namespace PiController.Hub.Tests.Kube.Informers;

public sealed class InformerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly KubeTestMetrics _metrics = new();
    private readonly ConcurrentQueue<string> _changed = new();
    private readonly CancellationTokenSource _stop = new();
    private KubeApiDoubleHost _double = null!;
    private GatedKubeApi _api = null!;
    private Informer _informer = null!;
    private Task _run = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _double = await KubeApiDoubleHost.StartAsync();
        _api = new GatedKubeApi(KubeApi.FromKubeconfig("lab", _double.Kubeconfig));
        _informer = new Informer(_api, KubeKind.Nodes, (_, key) => _changed.Enqueue(key), _metrics.Metrics, TimeProvider.System, NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _api.Dispose();
        await _double.DisposeAsync();
        _metrics.Dispose();
        _stop.Dispose();
    }

    [Fact]
    public async Task The_informer_lists_then_sees_each_change_on_its_watch()
    {
        _double.Store.Create(KubeDoubleObjects.Node("pi-1"));
        await StartSyncedAsync();
        Assert.Equal(["pi-1"], _informer.Cache.List().Select(o => o.Name));

        _double.Store.Create(KubeDoubleObjects.Node("pi-2"));
        _double.Store.Delete("v1", "Node", null, "pi-1");
        await Eventually.TrueAsync(() => Task.FromResult(_informer.Cache.Get("pi-1") is null && _informer.Cache.Get("pi-2") is not null), Patience, "pi-2 added and pi-1 deleted");
        Assert.Equal(["pi-1", "pi-2", "pi-1"], _changed.ToArray());
        Assert.Equal(1, _api.Lists);
    }

    [Fact]
    public async Task A_bookmark_moves_the_version_on_so_a_compaction_needs_no_relist()
    {
        _double.Store.BookmarkInterval = TimeSpan.FromMilliseconds(100);
        await StartSyncedAsync();
        _api.Close();
        _double.DropWatches();
        // A change to another kind: the nodes' watch sees none of it but a bookmark at its version.
        _double.Store.Create(KubeDoubleObjects.ConfigMap("default", "elsewhere", "x"));
        var now = _double.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _api.Open();
        await Eventually.TrueAsync(() => Task.FromResult(_informer.Status.ResourceVersion == now), Patience, $"a bookmark at {now}");

        _double.Compact();
        _double.DropWatches();
        _double.Store.Create(KubeDoubleObjects.Node("after"));
        await Eventually.TrueAsync(() => Task.FromResult(_informer.Cache.Get("after") is not null), Patience, "the node made after the compaction");
        Assert.Equal(1, _api.Lists);
        Assert.Equal(0, _informer.Status.Restarts[WatchRestartReason.Gone]);
        Assert.Equal(["after"], _changed.ToArray());
    }

    [Fact]
    public async Task A_stream_the_server_ends_is_watched_again_from_the_last_version_without_a_relist()
    {
        await StartSyncedAsync();
        _double.DropWatches();
        await Eventually.TrueAsync(() => Task.FromResult(_api.Watches >= 2), Patience, "a second watch");
        _double.Store.Create(KubeDoubleObjects.Node("pi-3"));
        await Eventually.TrueAsync(() => Task.FromResult(_informer.Cache.Get("pi-3") is not null), Patience, "pi-3 seen on the new watch");
        Assert.Equal(1, _api.Lists);
        Assert.Equal(1, _informer.Status.Restarts[WatchRestartReason.StreamEnded]);
        Assert.Equal(0, _informer.Status.Restarts[WatchRestartReason.Gone]);
        Assert.Contains((WatchRestartReason.StreamEnded, "lab", "nodes", 1L), _metrics.Restarts);
    }

    [Fact]
    public async Task After_410_Gone_a_relist_reports_every_change_made_while_no_watch_was_open()
    {
        _double.Store.Create(KubeDoubleObjects.Node("stays"));
        _double.Store.Create(KubeDoubleObjects.Node("goes"));
        _double.Store.Create(KubeDoubleObjects.Node("changes"));
        await StartSyncedAsync();
        _changed.Clear();

        _api.Close();
        _double.DropWatches();
        _double.Store.Delete("v1", "Node", null, "goes");
        var changed = _double.Store.Get("v1", "Node", null, "changes")!;
        changed["metadata"]!["labels"]!["hardware.pi-controller.io/node-id"] = "n-1";
        _double.Store.Update(changed);
        _double.Store.Create(KubeDoubleObjects.Node("arrives"));
        _double.Compact();
        _api.Open();

        await Eventually.TrueAsync(() => Task.FromResult(_informer.Cache.Get("arrives") is not null), Patience, "the relist");
        Assert.Equal(["arrives", "changes", "stays"], _informer.Cache.List().Select(o => o.Name));
        Assert.Equal(["arrives", "changes", "goes"], _changed.Order(StringComparer.Ordinal));
        Assert.Contains("n-1", _informer.Cache.Get("changes")!.Json.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(2, _api.Lists);
        Assert.Equal(1, _informer.Status.Restarts[WatchRestartReason.Gone]);
        Assert.Contains(_metrics.Restarts, r => r.Reason == WatchRestartReason.Gone);
    }

    [Fact]
    public async Task A_list_that_fails_is_retried_and_the_error_is_kept()
    {
        var kind = new KubeKind("Widget", "example.com", "v1", "widgets", true);
        var informer = new Informer(_api, kind, (_, _) => { }, _metrics.Metrics, TimeProvider.System, NullLogger.Instance);
        _run = informer.RunAsync(_stop.Token);
        await Eventually.TrueAsync(() => Task.FromResult(informer.Status.Restarts[WatchRestartReason.Error] >= 2), Patience, "two failed lists");
        Assert.False(informer.Cache.Synced);
        Assert.Contains("does not serve widgets.example.com", informer.Status.LastError, StringComparison.Ordinal);
    }

    private async Task StartSyncedAsync()
    {
        _run = _informer.RunAsync(_stop.Token);
        await Eventually.TrueAsync(() => Task.FromResult(_informer.Cache.Synced && _api.Watches >= 1), Patience, "the first sync");
    }
}
