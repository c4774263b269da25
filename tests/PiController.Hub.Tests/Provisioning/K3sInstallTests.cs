using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Tests.Provisioning;

public sealed class K3sInstallTests
{
    private static readonly Lazy<ClusterCa> Ca = new(() => ClusterCa.Create(new DateTimeOffset(2026, 12, 6, 20, 0, 0, TimeSpan.Zero)));
    private static readonly K3sArtifacts Artifacts = new(new string('a', 64), "k3s-airgap-images-arm64.tar.zst", new string('b', 64));
    private static readonly K3sClusterSpec Cluster = new(["traefik"]);
    private readonly ClusterSecrets _secrets = ClusterSecrets.Generate();

    [Fact]
    public void An_agents_dry_run_shows_every_step_exactly_with_its_token_masked()
    {
        var node = new K3sNodeSpec(K3sRole.Agent, "zero", "192.168.1.10", ["192.168.1.10"], new Dictionary<string, string>(), 512, PreferBundledBin: false);

        var text = InstallStepText.Render(K3sInstall.Steps(node, Cluster, Artifacts, Ca.Value, _secrets));

        Assert.Equal($"""
             1. place /usr/local/bin/k3s (0755 root:root, sha256 {Artifacts.BinarySha256}); a different binary already there is kept as /usr/local/bin/k3s.previous
             2. place /var/lib/rancher/k3s/agent/images/k3s-airgap-images-arm64.tar.zst (0644 root:root, sha256 {Artifacts.ImagesSha256})
             3. link /usr/local/bin/kubectl -> k3s
             4. link /usr/local/bin/crictl -> k3s
             5. link /usr/local/bin/ctr -> k3s
             6. write /etc/rancher/k3s/config.yaml (0600 root:root)
                | # Written by Pi-Controller; changes made here are replaced at the next install. Change the cluster in the hub.
                | node-name: "zero"
                | server: "https://192.168.1.10:6443"
                | kubelet-arg:
                |   - "kube-reserved=cpu=100m,memory=128Mi"
                |   - "system-reserved=cpu=100m,memory=64Mi"
                |   - "eviction-hard=memory.available<50Mi,nodefs.available<10%,imagefs.available<15%,nodefs.inodesFree<5%"
             7. write /etc/systemd/system/k3s-agent.service.env (0600 root:root)
                | K3S_TOKEN=K10…::node:********
             8. write /etc/systemd/system/k3s-agent.service (0644 root:root)
            {Indented(K3sUnit.Text(K3sRole.Agent))}
             9. systemctl daemon-reload
            10. systemctl restart k3s-agent, only if one of these changed: /usr/local/bin/k3s, /etc/rancher/k3s/config.yaml, /etc/systemd/system/k3s-agent.service.env, /etc/systemd/system/k3s-agent.service
            11. systemctl enable --now k3s-agent

            """, text);
    }

    [Fact]
    public void The_env_file_holds_the_secure_tokens_and_is_readable_by_root_only()
    {
        var hash = Ca.Value.Hash;
        var server = Step(K3sRole.Server, first: true).OfType<WriteFile>().Single(f => f.Kind == FileKind.Environment);
        var agent = Step(K3sRole.Agent, first: false).OfType<WriteFile>().Single(f => f.Kind == FileKind.Environment);

        Assert.Equal($"K3S_TOKEN=K10{hash}::server:{_secrets.Server.Reveal()}\nK3S_AGENT_TOKEN=K10{hash}::node:{_secrets.Agent.Reveal()}\n", server.Content.Reveal());
        Assert.Equal($"K3S_TOKEN=K10{hash}::node:{_secrets.Agent.Reveal()}\n", agent.Content.Reveal());
        Assert.Equal("K3S_TOKEN=K10…::server:********\nK3S_AGENT_TOKEN=K10…::node:********\n", server.Content.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, server.Mode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, agent.Mode);
    }

    [Fact]
    public void An_agent_is_never_given_the_server_secret()
    {
        var revealed = string.Concat(Step(K3sRole.Agent, first: false).OfType<WriteFile>().Select(f => f.Content.Reveal()));

        Assert.DoesNotContain(_secrets.Server.Reveal(), revealed, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => K3sEnvironment.Agent(_secrets.ServerToken(Ca.Value.Hash)));
    }

    [Fact]
    public void No_secret_reaches_the_dry_run_or_the_formatted_steps_of_any_node()
    {
        foreach (var (role, first) in new[] { (K3sRole.Server, true), (K3sRole.Server, false), (K3sRole.Agent, false) })
        {
            var text = InstallStepText.Render(Step(role, first));

            Assert.DoesNotContain(_secrets.Server.Reveal(), text, StringComparison.Ordinal);
            Assert.DoesNotContain(_secrets.Agent.Reveal(), text, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
            var formatted = string.Join("\n", Step(role, first));
            Assert.DoesNotContain(_secrets.Server.Reveal(), formatted, StringComparison.Ordinal);
            Assert.DoesNotContain(_secrets.Agent.Reveal(), formatted, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", formatted, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Only_the_first_server_gets_the_CA_files_and_only_where_none_exist()
    {
        var first = Step(K3sRole.Server, first: true).OfType<WriteFile>().Where(f => f.Kind == FileKind.Trust).ToList();

        Assert.Equal(Ca.Value.ServerFiles().Select(f => f.Path), first.Select(f => f.FilePath));
        Assert.All(first, f => Assert.True(f.OnlyIfAbsent));
        Assert.DoesNotContain(Step(K3sRole.Server, first: false), s => s is WriteFile { Kind: FileKind.Trust });
        Assert.DoesNotContain(Step(K3sRole.Agent, first: false), s => s is WriteFile { Kind: FileKind.Trust });
    }

    [Fact]
    public void A_server_restarts_only_when_binary_config_drop_in_env_or_unit_changed()
    {
        var steps = Step(K3sRole.Server, first: true);

        var restart = Assert.Single(steps.OfType<RestartIfChanged>());

        Assert.Equal("k3s", restart.Unit);
        Assert.Equal(["/usr/local/bin/k3s", "/etc/rancher/k3s/config.yaml", "/etc/rancher/k3s/config.yaml.d/10-pi-controller-cluster.yaml",
            "/etc/systemd/system/k3s.service.env", "/etc/systemd/system/k3s.service"], restart.Watched);
        Assert.All(restart.Watched, path => Assert.Contains(steps, s => s.Path == path));
        Assert.True(steps.IndexOf(restart) < steps.IndexOf(steps.OfType<EnableNow>().Single()), "restart before enable --now, so a first start is not followed by a second");
    }

    [Fact]
    public void The_same_input_builds_the_same_files_so_a_re_run_changes_nothing()
    {
        var node = new K3sNodeSpec(K3sRole.Server, "pi-one", null, ["192.168.1.10"], new Dictionary<string, string>(), 4096, PreferBundledBin: false);

        var once = K3sInstall.Steps(node, Cluster, Artifacts, Ca.Value, _secrets).OfType<WriteFile>().Select(f => (f.FilePath, f.Content.Sha256));
        var twice = K3sInstall.Steps(node, Cluster, Artifacts, Ca.Value, _secrets).OfType<WriteFile>().Select(f => (f.FilePath, f.Content.Sha256));

        Assert.Equal(once, twice);
    }

    private List<InstallStep> Step(K3sRole role, bool first)
    {
        var node = new K3sNodeSpec(role, "n", first ? null : "192.168.1.10", ["192.168.1.10"], new Dictionary<string, string>(), 2048, PreferBundledBin: false);
        return [.. K3sInstall.Steps(node, Cluster, Artifacts, Ca.Value, _secrets)];
    }

    private static string Indented(string text) =>
        string.Join('\n', text.TrimEnd('\n').Split('\n').Select(l => l.Length == 0 ? "    |" : "    | " + l)) + "\n    |";
}
