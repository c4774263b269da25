using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Security;
using PiController.Hub.Tests.Provisioning.Clusters;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Tests.Provisioning.Snapshots;

/// <summary>
/// etcd snapshots through a real hub whose nodes are test doubles of K3s at its edges: which server takes them, what
/// the hub keeps of them, who may take them, and the clusters that cannot have them.
/// </summary>
public sealed class SnapshotsApiTests : ClusterPlanFixture
{
    private async Task ReadyAsync(params string[] servers)
    {
        (await CreateAsync("lab", servers, [])).EnsureSuccessStatusCode();
        Assert.Equal("ready", (await SettledAsync("lab")).GetProperty("state").GetString());
    }

    private async Task<JsonElement> SaveAsync(object? body = null)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/clusters/lab/snapshots", body ?? new { });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The cluster.snapshot events' payloads once there is at least one.</summary>
    private Task<IReadOnlyList<JsonElement>> SnapshotEventsAsync() => Eventually.ReachesAsync(
        async () => (IReadOnlyList<JsonElement>)[.. (await Admin.GetFromJsonAsync<JsonElement>("/api/v1/events?type=cluster.snapshot")).GetProperty("events")
            .EnumerateArray().Select(e => e.GetProperty("payload").Clone())],
        events => events.Count > 0, TimeSpan.FromSeconds(10), events => "no cluster.snapshot event");

    private static IReadOnlyList<string?> Names(JsonElement view) =>
        [.. view.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("name").GetString())];

    [Fact]
    public async Task A_snapshot_is_saved_on_the_first_ready_server_and_kept_with_its_node_size_and_time()
    {
        await ReadyAsync("ssh:s1", "ssh:s2", "ssh:s3");

        var saved = await SaveAsync(new { name = "before-upgrade" });

        Assert.Equal("ssh:s1", saved.GetProperty("node").GetString());
        Assert.True(saved.GetProperty("changed").GetBoolean());
        var snapshot = Assert.Single(saved.GetProperty("snapshots").EnumerateArray());
        Assert.StartsWith("before-upgrade-s1-", snapshot.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal("ssh:s1", snapshot.GetProperty("node").GetString());
        Assert.Equal(1000, snapshot.GetProperty("size").GetInt64());
        Assert.Equal(["k3s etcd-snapshot save --name before-upgrade"], StepsOf("s1").Where(s => s.StartsWith("k3s etcd-snapshot", StringComparison.Ordinal)));
        Assert.DoesNotContain(StepsOf("s2"), s => s.StartsWith("k3s etcd-snapshot", StringComparison.Ordinal));
        var kept = await Admin.GetFromJsonAsync<JsonElement>("/api/v1/clusters/lab/snapshots");
        Assert.Equal(Names(saved), Names(kept));
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("node").ValueKind);
        var published = Assert.Single(await SnapshotEventsAsync());
        Assert.Equal(("lab", "ssh:s1", "save", false, true, true, 1),
            (published.GetProperty("cluster").GetString(), published.GetProperty("node").GetString(), published.GetProperty("action").GetString(),
                published.GetProperty("scheduled").GetBoolean(), published.GetProperty("succeeded").GetBoolean(), published.GetProperty("changed").GetBoolean(),
                published.GetProperty("snapshots").GetInt32()));
    }

    [Fact]
    public async Task When_the_first_server_does_not_answer_the_next_ready_server_takes_the_snapshot()
    {
        await ReadyAsync("ssh:s1", "ssh:s2", "ssh:s3");
        Nodes.Unreachable.Add("s1");

        var saved = await SaveAsync();

        Assert.Equal("ssh:s2", saved.GetProperty("node").GetString());
        Assert.StartsWith("on-demand-s2-", Names(saved).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_server_on_SQLite_is_refused_with_what_to_back_up_instead()
    {
        await ReadyAsync("ssh:s1");
        Nodes.Datastores["s1"] = EtcdDatastore.Sqlite;

        var response = await Admin.PostAsJsonAsync("/api/v1/clusters/lab/snapshots", new { });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Equal("cluster lab keeps its datastore in SQLite on ssh:s1 (a single server started without cluster-init), and K3s takes snapshots of embedded etcd only: " +
            "back up /var/lib/rancher/k3s/server/db/state.db with the server stopped instead; clusters the hub plans start with cluster-init", detail);
        Assert.Empty((await Admin.GetFromJsonAsync<JsonElement>("/api/v1/clusters/lab/snapshots")).GetProperty("snapshots").EnumerateArray());
        var refused = Assert.Single(await SnapshotEventsAsync());
        Assert.False(refused.GetProperty("succeeded").GetBoolean());
        Assert.Equal(detail, refused.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_cluster_with_no_ready_server_or_no_such_cluster_is_refused_before_any_node_is_asked()
    {
        var missing = await Admin.PostAsJsonAsync("/api/v1/clusters/nope/snapshots", new { });
        Nodes.FailOnce = ("s1", "systemctl daemon-reload", "Access denied");
        (await CreateAsync("lab", ["ssh:s1"], [])).EnsureSuccessStatusCode();
        await SettledAsync("lab");

        var failed = await Admin.PostAsJsonAsync("/api/v1/clusters/lab/snapshots", new { });

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failed.StatusCode);
        Assert.Contains("cluster lab has no Ready server to take snapshots on; pi-controller cluster get lab shows where its plan stands",
            await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Nodes.Journal, j => j.Step.StartsWith("k3s etcd-snapshot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Prune_keeps_the_newest_on_demand_snapshots_by_the_schedules_retention()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        Nodes.Clock = clock;
        await ReadyAsync("ssh:s1");
        for (var i = 0; i < 4; i++)
        {
            await SaveAsync();
            clock.Advance(TimeSpan.FromHours(1));
        }
        (await Admin.PutAsJsonAsync("/api/v1/clusters/lab/snapshots/schedule", new { cron = "0 3 * * *", retention = 2 })).EnsureSuccessStatusCode();

        var response = await Admin.PostAsJsonAsync("/api/v1/clusters/lab/snapshots/prune", new { });

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var pruned = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(pruned.GetProperty("changed").GetBoolean());
        Assert.Equal(["on-demand-s1-1796612400", "on-demand-s1-1796608800"], Names(pruned));
        Assert.Contains("k3s etcd-snapshot prune --snapshot-retention 2", StepsOf("s1"));
        Assert.Equal("0 3 * * *", pruned.GetProperty("schedule").GetProperty("cron").GetString());
    }

    [Fact]
    public async Task A_schedule_that_is_not_cron_text_or_keeps_nothing_is_refused_and_nothing_is_stored()
    {
        await ReadyAsync("ssh:s1");

        var cron = await Admin.PutAsJsonAsync("/api/v1/clusters/lab/snapshots/schedule", new { cron = "every noon" });
        var retention = await Admin.PutAsJsonAsync("/api/v1/clusters/lab/snapshots/schedule", new { retention = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, cron.StatusCode);
        Assert.Contains("it needs five fields, minute hour day-of-month month day-of-week", await cron.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, retention.StatusCode);
        Assert.Contains("retention 0 is out of range: keep 1 to 1000 snapshots", await retention.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await Admin.GetFromJsonAsync<JsonElement>("/api/v1/clusters/lab/snapshots")).GetProperty("schedule").ValueKind);
    }

    [Fact]
    public async Task Over_gRPC_an_admin_saves_and_lists_and_an_operator_only_reads()
    {
        await ReadyAsync("ssh:s1");
        using var admin = Hub.Grpc(Hub.Token(ApiRole.Admin));
        using var operatorChannel = Hub.Grpc(Hub.Token(ApiRole.Operator));
        var snapshots = new ApiV1.EtcdSnapshots.EtcdSnapshotsClient(admin);
        var asOperator = new ApiV1.EtcdSnapshots.EtcdSnapshotsClient(operatorChannel);

        var saved = await snapshots.SaveEtcdSnapshotAsync(new ApiV1.SaveEtcdSnapshotRequest { Cluster = "lab" });
        var schedule = await snapshots.SetEtcdSnapshotScheduleAsync(new ApiV1.SetEtcdSnapshotScheduleRequest { Cluster = "lab" });
        var listed = await asOperator.ListEtcdSnapshotsAsync(new ApiV1.ListEtcdSnapshotsRequest { Cluster = "lab", Refresh = true });
        var denied = await Assert.ThrowsAsync<RpcException>(async () => await asOperator.SaveEtcdSnapshotAsync(new ApiV1.SaveEtcdSnapshotRequest { Cluster = "lab" }));

        Assert.Equal("ssh:s1", saved.Node);
        Assert.Equal(saved.Snapshots.Select(s => s.Name), listed.Snapshots.Select(s => s.Name));
        Assert.Equal("ssh:s1", listed.Node);
        Assert.Equal(("0 */12 * * *", 5), (schedule.Schedule.Cron, schedule.Schedule.Retention));
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(["k3s etcd-snapshot save", "k3s etcd-snapshot ls"], StepsOf("s1").Where(s => s.StartsWith("k3s etcd-snapshot", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Deleting_a_cluster_forgets_its_snapshots_and_schedule()
    {
        await ReadyAsync("ssh:s1");
        await SaveAsync();
        (await Admin.PutAsJsonAsync("/api/v1/clusters/lab/snapshots/schedule", new { cron = "@daily" })).EnsureSuccessStatusCode();

        (await Admin.DeleteAsync("/api/v1/clusters/lab")).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => (await Admin.GetAsync("/api/v1/clusters/lab")).StatusCode == HttpStatusCode.NotFound, TimeSpan.FromSeconds(60), "cluster lab was not deleted");
        await ReadyAsync("ssh:s1");

        var view = await Admin.GetFromJsonAsync<JsonElement>("/api/v1/clusters/lab/snapshots");
        Assert.Empty(view.GetProperty("snapshots").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("schedule").ValueKind);
    }
}
