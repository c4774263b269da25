using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiController.Hub.Security;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Tests.Kube.Upgrades;

/// <summary>
/// Rolling upgrades carried out by a real in-process hub on test double nodes, against the Kubernetes API double:
/// order, PodDisruptionBudgets, drain timeout, a failing node, refusals before anything changes, rollback.
/// </summary>
public sealed class UpgradeTests : UpgradeFixture
{
    private static readonly string[] All = ["s1", "s2", "s3", "a1", "a2"];

    [Fact]
    public async Task An_upgrade_takes_the_servers_one_at_a_time_then_the_agents_and_records_the_new_release()
    {
        var journal = K3s.Nodes.Journal.Count;
        AddPod("web-1", "a1", "web");

        using var response = await UpgradeAsync(To);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await SettledAsync();

        Assert.Equal("done", run.GetProperty("state").GetString());
        Assert.Equal(All, PlacedSince(journal));
        var steps = (await StepsAsync()).Where(s => s.GetProperty("state").GetString() == "done")
            .Select(s => $"{s.GetProperty("node").GetString()} {s.GetProperty("step").GetString()}").ToList();
        foreach (var (earlier, later) in All.Zip(All.Skip(1)))
        {
            Assert.True(steps.IndexOf($"ssh:{earlier} uncordon") < steps.IndexOf($"ssh:{later} cordon"), $"{earlier} is uncordoned before {later} is cordoned: {string.Join(", ", steps)}");
        }
        Assert.Equal(["cordon", "drain", "swap", "ready", "uncordon"], steps.Where(s => s.StartsWith("ssh:s2 ", StringComparison.Ordinal)).Select(s => s[7..]));
        foreach (var node in All)
        {
            Assert.Equal(To, K3s.KubeletOf(node));
            Assert.Equal(BinaryOf(To), K3s.BinaryOf(node));
            Assert.Equal(BinaryOf(From), K3s.PreviousOf(node));
            Assert.False(K3s.Cordoned(node), $"{node} is uncordoned");
        }
        Assert.False(PodExists("web-1"), "the drain evicted the pod on a1");
        var cluster = await Admin.GetFromJsonAsync<JsonElement>("/api/v1/clusters/lab");
        Assert.Equal(To, cluster.GetProperty("version").GetString());
    }

    [Fact]
    public async Task A_PodDisruptionBudget_that_blocks_for_a_while_holds_the_drain_until_it_allows_and_the_upgrade_completes_in_order()
    {
        var journal = K3s.Nodes.Journal.Count;
        AddPod("web-1", "a1", "web");
        AddPod("logs-a1", "a1", "logs", daemonSet: true);
        AddPod("static-a1", "a1", "static", mirror: true);
        AddBudget("web", "web", minAvailable: 1);

        using var response = await UpgradeAsync(To, drainTimeoutSeconds: 600);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var waiting = await Eventually.ReachesAsync(StepsAsync, steps => steps.Any(s => s.GetProperty("state").GetString() == "waiting"),
            TimeSpan.FromSeconds(60), steps => $"the drain of a1 never waited for the budget: {string.Join(", ", steps ?? [])}");
        Assert.Contains("web-1", waiting.First(s => s.GetProperty("state").GetString() == "waiting").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["s1", "s2", "s3"], PlacedSince(journal));
        Assert.True(K3s.Cordoned("a1"), "a1 stays cordoned while its drain waits");

        // While it runs, no plan of the provisioner starts on the cluster: each is refused and changes nothing.
        foreach (var refused in new[]
        {
            await Admin.DeleteAsync("/api/v1/clusters/lab"),
            await Admin.DeleteAsync("/api/v1/clusters/lab/nodes/ssh:a2"),
            await Admin.PostAsJsonAsync("/api/v1/clusters/lab/resume", new { fix = false }),
        })
        {
            using (refused)
            {
                Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
                Assert.Contains("cluster lab cannot change now: an upgrade or rollback of it is running",
                    (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }
        Assert.Equal("ready", (await Admin.GetFromJsonAsync<JsonElement>("/api/v1/clusters/lab")).GetProperty("state").GetString());

        // A second replica becomes Ready on a server that is done: the budget allows one disruption now.
        AddPod("web-2", "s1", "web");
        var run = await SettledAsync();

        Assert.Equal("done", run.GetProperty("state").GetString());
        Assert.Equal(All, PlacedSince(journal));
        Assert.False(PodExists("web-1"), "web-1 was evicted once the budget allowed it");
        Assert.True(PodExists("web-2"), "web-2 on an upgraded server was left alone");
        Assert.True(PodExists("logs-a1"), "a DaemonSet pod stays");
        Assert.True(PodExists("static-a1"), "a mirror pod stays");
    }

    [Fact]
    public async Task A_server_whose_API_does_not_answer_for_a_while_after_its_restart_is_waited_for_not_failed()
    {
        var journal = K3s.Nodes.Journal.Count;
        var outages = 0;
        K3s.Restarting = node =>
        {
            if (node == "s1" && Interlocked.Increment(ref outages) == 1)
            {
                // The fixture's ready timeout is 3 s and the hub looks every 20 ms: many looks meet no API.
                Relay.Outage(TimeSpan.FromMilliseconds(800));
            }
        };

        using var response = await UpgradeAsync(To);
        var run = await SettledAsync();

        Assert.True(run.GetProperty("state").GetString() == "done", run.ToString());
        Assert.Equal(1, outages);
        Assert.Equal(All, PlacedSince(journal));
        Assert.All(All, n => Assert.Equal(To, K3s.KubeletOf(n)));
    }

    [Fact]
    public async Task A_drain_that_times_out_fails_the_upgrade_and_leaves_the_node_uncordoned_on_its_release()
    {
        var journal = K3s.Nodes.Journal.Count;
        AddPod("web-1", "a1", "web");
        AddBudget("web", "web", minAvailable: 1);

        using var response = await UpgradeAsync(To, drainTimeoutSeconds: 1);
        var run = await SettledAsync();

        Assert.Equal("failed", run.GetProperty("state").GetString());
        var detail = run.GetProperty("detail").GetString()!;
        Assert.Contains("drain of a1 did not end within 1 s", detail, StringComparison.Ordinal);
        Assert.Contains("default/web-1", detail, StringComparison.Ordinal);
        Assert.Contains("--drain-timeout", detail, StringComparison.Ordinal);
        Assert.Equal(["s1", "s2", "s3"], PlacedSince(journal));
        Assert.False(K3s.Cordoned("a1"), "a1 is uncordoned again");
        Assert.Equal(From, K3s.KubeletOf("a1"));
        Assert.Equal(BinaryOf(From), K3s.BinaryOf("a1"));
        Assert.Equal(From, K3s.KubeletOf("a2"));
        Assert.True(PodExists("web-1"));
        var a1 = run.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("node").GetString() == "ssh:a1");
        Assert.Equal("failed", a1.GetProperty("state").GetString());
        Assert.Equal("pending", run.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("node").GetString() == "ssh:a2").GetProperty("state").GetString());
        var cluster = await Admin.GetFromJsonAsync<JsonElement>("/api/v1/clusters/lab");
        Assert.Equal(From, cluster.GetProperty("version").GetString());
    }

    [Fact]
    public async Task A_node_that_does_not_come_back_stops_the_upgrade_and_is_put_back_on_its_previous_binary()
    {
        var journal = K3s.Nodes.Journal.Count;
        K3s.Broken[("s2", To)] = true;

        using var response = await UpgradeAsync(To);
        var run = await SettledAsync();

        Assert.Equal("failed", run.GetProperty("state").GetString());
        var detail = run.GetProperty("detail").GetString()!;
        Assert.Contains("s2 is not back", detail, StringComparison.Ordinal);
        Assert.Contains("Ready=False", detail, StringComparison.Ordinal);
        Assert.Contains("put back: the previous binary is back", detail, StringComparison.Ordinal);
        Assert.Equal(["s1", "s2"], PlacedSince(journal));
        Assert.Equal(To, K3s.KubeletOf("s1"));
        Assert.Equal(BinaryOf(From), K3s.BinaryOf("s2"));
        Assert.Equal(From, K3s.KubeletOf("s2"));
        Assert.False(K3s.Cordoned("s2"), "s2 is uncordoned again");
        Assert.Contains(K3s.Nodes.Journal.Skip(journal), j => j.Node == "s2" && j.Step.StartsWith("put /usr/local/bin/k3s.previous back", StringComparison.Ordinal));
        foreach (var untouched in new[] { "s3", "a1", "a2" })
        {
            Assert.Equal(From, K3s.KubeletOf(untouched));
            Assert.False(K3s.Cordoned(untouched));
        }
    }

    [Fact]
    public async Task An_upgrade_cut_off_by_a_hub_stop_resumes_at_the_next_start_where_it_stopped()
    {
        var journal = K3s.Nodes.Journal.Count;
        K3s.Nodes.Hold = ("a1", "place /usr/local/bin/k3s ");
        using (var response = await UpgradeAsync(To))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        await K3s.Nodes.Held.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(K3s.Cordoned("a1"), "a1 is cordoned while its binary is being placed");

        await StopHubAsync();
        K3s.Nodes.Hold = null;
        await StartHubAsync();
        await ManagedAsync();
        var run = await SettledAsync();

        Assert.Equal("done", run.GetProperty("state").GetString());
        Assert.Equal(["s1", "s2", "s3", "a1", "a1", "a2"], PlacedSince(journal));
        foreach (var node in All)
        {
            Assert.Equal(To, K3s.KubeletOf(node));
            Assert.False(K3s.Cordoned(node), $"{node} is uncordoned");
        }
        Assert.Equal(BinaryOf(From), K3s.PreviousOf("a1"));
    }

    [Fact]
    public async Task A_skipped_minor_version_and_a_downgrade_are_refused_before_anything_changes()
    {
        var journal = K3s.Nodes.Journal.Count;

        using var skip = await UpgradeAsync("v1.34.1+k3s1");
        var skipped = await skip.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, skip.StatusCode);
        Assert.Contains($"runs K3s {From}; v1.34.1+k3s1 would skip v1.33", skipped.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var down = await UpgradeAsync("v1.31.9+k3s1");
        var downgraded = await down.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, down.StatusCode);
        Assert.Contains($"runs K3s {From}, newer than v1.31.9+k3s1", downgraded.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("cannot be downgraded", downgraded.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(journal, K3s.Nodes.Journal.Count);
        Assert.All(All, n => Assert.False(K3s.Cordoned(n)));
        using var none = await Admin.GetAsync("/api/v1/clusters/lab/upgrade");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task A_dry_run_shows_the_order_and_every_step_and_changes_nothing()
    {
        var journal = K3s.Nodes.Journal.Count;

        using var response = await UpgradeAsync(To, dryRun: true, concurrency: 2);
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("planned", plan.GetProperty("state").GetString());
        var text = plan.GetProperty("text").GetString()!;
        Assert.Contains($"Upgrade of cluster lab from K3s {From} to {To}", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Servers, one at a time:", StringComparison.Ordinal) < text.IndexOf("Agents, 2 at a time:", StringComparison.Ordinal));
        Assert.Contains($"place /usr/local/bin/k3s (0755 root:root, sha256 {BinaryOf(To)})", text, StringComparison.Ordinal);
        Assert.Contains("systemctl restart k3s-agent", text, StringComparison.Ordinal);
        Assert.Equal(["ssh:s1", "ssh:s2", "ssh:s3", "ssh:a1", "ssh:a2"], plan.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("node").GetString()));
        Assert.Equal(journal, K3s.Nodes.Journal.Count);
    }

    [Fact]
    public async Task The_ready_timeout_of_a_run_is_its_own_shown_in_the_plan_and_refused_out_of_range()
    {
        foreach (var seconds in new[] { 0, -5, 6 * 3600 + 1 })
        {
            using var refused = await Admin.PostAsJsonAsync("/api/v1/clusters/lab/upgrade", new { version = To, readyTimeoutSeconds = seconds });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("the ready timeout must be 1 s to 6 h", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using var channel = Channel(Token(ApiRole.Admin));
        var plan = await new ApiV1.ClusterUpgrades.ClusterUpgradesClient(channel).UpgradeClusterAsync(new ApiV1.UpgradeClusterRequest
        {
            Name = "lab", Version = To, ReadyTimeoutSeconds = 1200, DryRun = true,
        });
        Assert.Equal(1200u, plan.ReadyTimeoutSeconds);
        Assert.Contains("wait until Ready on the new kubelet version (up to 1200 s;", plan.Text, StringComparison.Ordinal);

        // The hub's default is 3 s here; this run gives a node 1 s, and says so when s1 does not come back.
        K3s.Broken[("s1", To)] = true;
        using (var started = await Admin.PostAsJsonAsync("/api/v1/clusters/lab/upgrade", new { version = To, readyTimeoutSeconds = 1 }))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }
        var run = await SettledAsync();
        Assert.Equal("failed", run.GetProperty("state").GetString());
        Assert.Equal(1, run.GetProperty("readyTimeoutSeconds").GetInt32());
        Assert.Contains("s1 is not back after 1 s", run.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(From, K3s.KubeletOf("s1"));
    }

    [Fact]
    public async Task A_rollback_returns_a_node_to_its_previous_binary_and_release()
    {
        using (var upgrade = await UpgradeAsync(To))
        {
            Assert.Equal("done", (await SettledAsync()).GetProperty("state").GetString());
        }

        using var response = await Admin.PostAsJsonAsync("/api/v1/clusters/lab/rollback", new { node = "ssh:a1" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await Eventually.ReachesAsync(async () => await Admin.GetFromJsonAsync<JsonElement>("/api/v1/clusters/lab/upgrade"),
            u => u.GetProperty("kind").GetString() == "rollback" && u.GetProperty("state").GetString() is "done" or "failed", TimeSpan.FromSeconds(60), u => $"the rollback did not end: {u}");

        Assert.Equal("done", run.GetProperty("state").GetString());
        Assert.Equal(From, K3s.KubeletOf("a1"));
        Assert.Equal(BinaryOf(From), K3s.BinaryOf("a1"));
        Assert.Equal(BinaryOf(To), K3s.PreviousOf("a1"));
        Assert.False(K3s.Cordoned("a1"));
        Assert.Equal(To, K3s.KubeletOf("a2"));

        using var channel = Channel(Token(ApiRole.Viewer));
        var status = await new ApiV1.ClusterUpgrades.ClusterUpgradesClient(channel).GetClusterUpgradeAsync(new ApiV1.GetClusterUpgradeRequest { Name = "lab" });
        Assert.Equal("rollback", status.Kind);
        Assert.Equal(["ssh:a1"], status.Nodes.Select(n => n.Node));
    }

    [Fact]
    public async Task Starting_an_upgrade_is_for_admins_only()
    {
        var ca = (CertificateAuthority)Hub.Services.GetService(typeof(CertificateAuthority))!;
        using var viewer = HubTls.Http(new Uri($"https://127.0.0.1:{Port}"), ca.Certificate, Token(ApiRole.Operator));
        using var refused = await viewer.PostAsJsonAsync("/api/v1/clusters/lab/upgrade", new { version = To });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(From, K3s.KubeletOf("s1"));
    }

    private Grpc.Net.Client.GrpcChannel Channel(string token)
    {
        var ca = (CertificateAuthority)Hub.Services.GetService(typeof(CertificateAuthority))!;
        var http = HubTls.Http(new Uri($"https://127.0.0.1:{Port}"), ca.Certificate, token);
        http.DefaultRequestVersion = HttpVersion.Version20;
        http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        return Grpc.Net.Client.GrpcChannel.ForAddress($"https://127.0.0.1:{Port}", new Grpc.Net.Client.GrpcChannelOptions { HttpClient = http });
    }
}
