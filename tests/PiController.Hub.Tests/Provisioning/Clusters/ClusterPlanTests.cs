using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Security;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Tests.Provisioning.Clusters;

/// <summary>Cluster plans carried out by a real in-process hub on test double nodes (ssh: targets): order, secrets, failure and resume, restart, removal.</summary>
public sealed class ClusterPlanTests : ClusterPlanFixture
{
    [Fact]
    public async Task A_plan_installs_the_first_server_then_the_other_servers_one_at_a_time_then_the_agents_together()
    {
        Nodes.TogetherAgents = ["a1", "a2"];

        using var response = await CreateAsync("lab", ["ssh:s1", "ssh:s2", "ssh:s3"], ["ssh:a1", "ssh:a2"]);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var cluster = await SettledAsync("lab");

        Assert.Equal("ready", cluster.GetProperty("state").GetString());
        var journal = Nodes.Journal.Select(j => j.Node).ToList();
        var lastOf = (string node) => journal.LastIndexOf(node);
        var firstOf = (string node) => journal.IndexOf(node);
        Assert.True(lastOf("s1") < firstOf("s2"), "the first server is installed before the second starts");
        Assert.True(lastOf("s2") < firstOf("s3"), "the servers join one at a time");
        Assert.True(lastOf("s3") < Math.Min(firstOf("a1"), firstOf("a2")), "the agents start after every server is Ready");
        Assert.Equal(StepsOf("a1").Count, StepsOf("a2").Count);
        Assert.Contains("cluster-init: true", Nodes.FilesOf("s1")["/etc/rancher/k3s/config.yaml"], StringComparison.Ordinal);
        Assert.Contains("server: \"https://10.77.0.", Nodes.FilesOf("a1")["/etc/rancher/k3s/config.yaml"], StringComparison.Ordinal);
        Assert.DoesNotContain("::server:", Nodes.FilesOf("a1")["/etc/systemd/system/k3s-agent.service.env"], StringComparison.Ordinal);

        using var channel = Hub.Grpc(Hub.Token(ApiRole.Viewer));
        var listed = await new ApiV1.Clusters.ClustersClient(channel).ListClustersAsync(new ApiV1.ListClustersRequest());
        Assert.Equal(["ssh:s1", "ssh:s2", "ssh:s3", "ssh:a1", "ssh:a2"], listed.Clusters.Single().Nodes.Select(n => n.Node));
    }

    [Fact]
    public async Task The_kubeconfig_is_rewritten_to_the_first_server_and_named_after_the_cluster_and_only_an_admin_gets_it()
    {
        using var _ = await CreateAsync("lab", ["ssh:s1"], []);
        await SettledAsync("lab");

        var view = await Admin.GetFromJsonAsync<JsonElement>("/api/v1/clusters/lab/kubeconfig");
        var kubeconfig = view.GetProperty("kubeconfig").GetString()!;
        var address = "10.77.0." + ("s1".Sum(c => c) % 200 + 10);
        Assert.Contains($"server: https://{address}:6443", kubeconfig, StringComparison.Ordinal);
        Assert.Contains("current-context: lab", kubeconfig, StringComparison.Ordinal);
        Assert.DoesNotContain("default", kubeconfig.Replace("LS0tLS1CRUdJTi1kZWZhdWx0LS0tLS0=", "", StringComparison.Ordinal).Replace("ZGVmYXVsdC1jZXJ0", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("client-key-data: ZGVmYXVsdC1rZXk=", kubeconfig, StringComparison.Ordinal);

        using var viewer = Hub.Http(Hub.Token(ApiRole.Viewer));
        using var refused = await viewer.GetAsync("/api/v1/clusters/lab/kubeconfig");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task An_even_number_of_servers_is_refused_as_split_brain_and_nothing_is_stored()
    {
        using var response = await CreateAsync("lab", ["ssh:s1", "ssh:s2"], ["ssh:a1"]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("split-brain", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await Admin.GetFromJsonAsync<JsonElement>("/api/v1/clusters")).EnumerateArray());
        Assert.Empty(Nodes.Journal);
    }

    [Fact]
    public async Task A_dry_run_shows_the_preflight_the_chosen_settings_and_every_step_with_secrets_masked_and_changes_nothing()
    {
        using var response = await CreateAsync("lab", ["ssh:s1"], ["ssh:a1"], dryRun: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();
        var text = plan.GetProperty("text").GetString()!;

        Assert.Contains("server ssh:s1 (first server: initialises the cluster)", text, StringComparison.Ordinal);
        Assert.Contains("ok       memory-cgroup: the memory cgroup controller is enabled", text, StringComparison.Ordinal);
        Assert.Contains("    kubelet-arg kube-reserved=cpu=100m,memory=384Mi, system-reserved=cpu=100m,memory=192Mi, " +
            "eviction-hard=memory.available<200Mi,nodefs.available<10%,imagefs.available<15%,nodefs.inodesFree<5%: 4096 MiB board, agent:", text, StringComparison.Ordinal);
        Assert.Contains("    node-name a1: the node's hostname\n", text, StringComparison.Ordinal);
        Assert.Contains("write /etc/systemd/system/k3s.service.env (0600 root:root)", text, StringComparison.Ordinal);
        Assert.Contains("    | K3S_TOKEN=K10…::server:********\n", text, StringComparison.Ordinal);
        Assert.Contains("    | K3S_TOKEN=K10…::node:********\n", text, StringComparison.Ordinal);
        Assert.Contains("systemctl enable --now k3s-agent", text, StringComparison.Ordinal);
        Assert.Contains("-----BEGIN CERTIFICATE-----", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY-----", text, StringComparison.Ordinal);
        Assert.DoesNotMatch("::(server|node):[0-9a-f]{64}", text);
        var agentSteps = plan.GetProperty("nodes")[1].GetProperty("steps").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Equal("systemctl enable --now k3s-agent", agentSteps[^1]);
        Assert.Empty(Nodes.Journal);
        Assert.Empty((await Admin.GetFromJsonAsync<JsonElement>("/api/v1/clusters")).EnumerateArray());
    }

    [Fact]
    public async Task A_failed_step_is_reported_with_its_stderr_and_next_action_and_resume_continues_from_it()
    {
        Nodes.FailOnce = ("s1", "systemctl daemon-reload", "Failed to reload daemon: Access denied");

        using var _ = await CreateAsync("lab", ["ssh:s1"], ["ssh:a1"]);
        var failed = await SettledAsync("lab");

        Assert.Equal("failed", failed.GetProperty("state").GetString());
        var s1 = NodeOf(failed, "ssh:s1");
        Assert.Equal("failed", s1.GetProperty("state").GetString());
        Assert.Contains("Failed to reload daemon: Access denied", s1.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("then: pi-controller cluster resume lab", s1.GetProperty("nextAction").GetString(), StringComparison.Ordinal);
        Assert.Empty(StepsOf("a1"));

        using var resumed = await Admin.PostAsJsonAsync("/api/v1/clusters/lab/resume", new { fix = false });
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        var ready = await Eventually.ReachesAsync(() => SettledAsync("lab"), c => c.GetProperty("state").GetString() == "ready", TimeSpan.FromSeconds(60), c => $"{c}");

        Assert.Equal("ready", NodeOf(ready, "ssh:a1").GetProperty("state").GetString());
        Assert.Single(StepsOf("s1"), s => s.StartsWith("place /usr/local/bin/k3s", StringComparison.Ordinal));
        Assert.Equal(2, StepsOf("s1").Count(s => s == "systemctl daemon-reload"));
        Assert.Single(StepsOf("s1"), s => s == "systemctl enable --now k3s");
    }

    [Fact]
    public async Task A_plan_cut_off_by_a_hub_restart_resumes_where_it_stopped()
    {
        Nodes.Hold = ("a1", "systemctl enable --now k3s-agent");
        using (var _ = await CreateAsync("lab", ["ssh:s1"], ["ssh:a1"]))
        {
            await Nodes.Held.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }

        await StopHubAsync();
        Nodes.Hold = null;
        await StartHubAsync();
        var ready = await Eventually.ReachesAsync(() => SettledAsync("lab"), c => c.GetProperty("state").GetString() == "ready", TimeSpan.FromSeconds(60), c => $"{c}");

        Assert.Equal("ready", NodeOf(ready, "ssh:a1").GetProperty("state").GetString());
        Assert.Single(StepsOf("a1"), s => s.StartsWith("place /usr/local/bin/k3s", StringComparison.Ordinal));
        Assert.Equal(2, StepsOf("a1").Count(s => s == "systemctl enable --now k3s-agent"));
        Assert.Single(StepsOf("s1"), s => s == "systemctl enable --now k3s");
    }

    [Fact]
    public async Task The_clusters_secrets_are_sealed_in_the_database_and_appear_in_no_answer_and_no_event()
    {
        using var _ = await CreateAsync("lab", ["ssh:s1"], ["ssh:a1"]);
        var cluster = await SettledAsync("lab");
        var secret = ServerSecret("s1");
        Assert.Equal(64, secret.Length);

        // The bus stores events a moment after they are published: wait for the run's last one.
        var events = await Eventually.ReachesAsync(() => Admin.GetStringAsync("/api/v1/events?type=cluster.*&limit=1000"),
            e => e.Contains("every node is Ready", StringComparison.Ordinal), TimeSpan.FromSeconds(30), e => $"no final cluster.changed in {e}");
        Assert.Contains("systemctl enable --now k3s-agent", events, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, events, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, cluster.GetRawText(), StringComparison.Ordinal);
        await StopHubAsync();
        foreach (var file in Directory.EnumerateFiles(DataDirectory, "hub.db*"))
        {
            Assert.DoesNotContain(secret, Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)), StringComparison.Ordinal);
        }
        await StartHubAsync();
    }

    [Fact]
    public async Task Remove_node_runs_the_uninstall_steps_on_that_node_and_delete_uninstalls_the_rest()
    {
        using (var _ = await CreateAsync("lab", ["ssh:s1"], ["ssh:a1"]))
        {
            await SettledAsync("lab");
        }
        var installed = StepsOf("a1").Count;

        using var removed = await Admin.DeleteAsync("/api/v1/clusters/lab/nodes/ssh:a1");
        Assert.Equal(HttpStatusCode.Accepted, removed.StatusCode);
        var cluster = await Eventually.ReachesAsync(() => SettledAsync("lab"), c => c.GetProperty("nodes").GetArrayLength() == 1, TimeSpan.FromSeconds(60), c => $"{c}");

        Assert.Equal([.. K3sUninstall.Steps(K3sRole.Agent).Select(InstallStepText.Render)], StepsOf("a1").Skip(installed));
        Assert.DoesNotContain(Nodes.FilesOf("a1").Keys, p => p.StartsWith("/etc/rancher", StringComparison.Ordinal) || p.StartsWith("/etc/systemd/system/k3s", StringComparison.Ordinal));
        Assert.Equal("ready", cluster.GetProperty("state").GetString());

        using var deleted = await Admin.DeleteAsync("/api/v1/clusters/lab");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        await Eventually.TrueAsync(async () => (await Admin.GetAsync("/api/v1/clusters/lab")).StatusCode == HttpStatusCode.NotFound, TimeSpan.FromSeconds(60), "the deletion");
        Assert.Equal(InstallStepText.Render(K3sUninstall.Steps(K3sRole.Server)[^1]), StepsOf("s1")[^1]);
        Assert.DoesNotContain(Nodes.FilesOf("s1").Keys, p => p.StartsWith("/var/lib/rancher", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_runs_another_clusters_K3s_is_reported_and_left_unchanged()
    {
        Nodes.FilesOf("s1")["/var/lib/rancher/k3s/server/tls/server-ca.crt"] = "-----BEGIN CERTIFICATE-----\nb3RoZXI=\n-----END CERTIFICATE-----\n";

        using var _ = await CreateAsync("lab", ["ssh:s1"], []);
        var failed = await SettledAsync("lab");

        var s1 = NodeOf(failed, "ssh:s1");
        Assert.Contains("already runs K3s of another cluster", s1.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Contains("remove that K3s first", s1.GetProperty("nextAction").GetString(), StringComparison.Ordinal);
        Assert.Empty(StepsOf("s1"));
    }
}
