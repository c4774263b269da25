using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Ssh;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Tests.Provisioning.Ssh;

/// <summary>The SSH command builders are pure: each step's script and each command line is compared as an exact string.</summary>
public sealed class SshStepScriptsTests
{
    private static readonly IReadOnlySet<string> NothingChanged = new HashSet<string>();

    [Fact]
    public void A_config_file_is_read_from_stdin_compared_on_the_node_and_renamed_into_place()
    {
        var step = new WriteFile("/etc/rancher/k3s/config.yaml", FileContent.Plain("node-name: \"pi\"\n"), UnixFileMode.UserRead | UnixFileMode.UserWrite, FileKind.Config);

        var ssh = SshStepScripts.For(step, NothingChanged);

        Assert.Equal("""
            set -e
            mkdir -p /etc/rancher/k3s
            umask 077
            tmp=$(mktemp /etc/rancher/k3s/.config.yaml.pi-controller.XXXXXX)
            trap 'rm -f "$tmp"' EXIT
            cat > "$tmp"
            if [ -f /etc/rancher/k3s/config.yaml ] && [ "$(stat -c %a /etc/rancher/k3s/config.yaml)" = 600 ] && cmp -s "$tmp" /etc/rancher/k3s/config.yaml; then echo pi-controller:unchanged; exit 0; fi
            chmod 0600 "$tmp"
            mv -f "$tmp" /etc/rancher/k3s/config.yaml
            trap - EXIT
            echo pi-controller:changed
            """, ssh.Script);
        Assert.Same(step.Content, ssh.Content);
        Assert.Null(ssh.ArtifactSha256);
    }

    [Fact]
    public void A_CA_file_is_written_only_where_none_exists()
    {
        var step = new WriteFile("/var/lib/rancher/k3s/server/tls/server-ca.key", FileContent.Hidden("KEY"), UnixFileMode.UserRead | UnixFileMode.UserWrite, FileKind.Trust);

        var script = SshStepScripts.For(step, NothingChanged).Script;

        Assert.Contains("\nif [ -e /var/lib/rancher/k3s/server/tls/server-ca.key ]; then echo pi-controller:unchanged; exit 0; fi\n", script, StringComparison.Ordinal);
        Assert.DoesNotContain("cmp -s", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_binary_arrives_on_stdin_is_checked_by_sha256_on_the_node_and_the_previous_one_is_kept()
    {
        var sha = new string('c', 64);

        var ssh = SshStepScripts.For(new PlaceBinary("/usr/local/bin/k3s", sha, KeepPrevious: true), NothingChanged);

        Assert.Equal($"""
            set -e
            mkdir -p /usr/local/bin
            tmp=$(mktemp /usr/local/bin/.k3s.pi-controller.XXXXXX)
            trap 'rm -f "$tmp"' EXIT
            cat > "$tmp"
            echo "{sha}  $tmp" | sha256sum -c --status - || {"{"} echo "the copy of k3s that arrived does not have sha256 {sha}" >&2; exit 1; {"}"}
            chmod 0755 "$tmp"
            if [ -f /usr/local/bin/k3s ]; then ln -f /usr/local/bin/k3s /usr/local/bin/k3s.previous; fi
            mv -f "$tmp" /usr/local/bin/k3s
            trap - EXIT
            echo pi-controller:changed
            """, ssh.Script);
        Assert.Equal(sha, ssh.ArtifactSha256);
        Assert.Equal("if [ -f /usr/local/bin/k3s ]; then sha256sum /usr/local/bin/k3s | cut -d' ' -f1; fi", SshStepScripts.HashOf("/usr/local/bin/k3s"));
    }

    [Fact]
    public void Units_are_reloaded_restarted_only_when_due_and_enabled_unless_running()
    {
        var restart = new RestartIfChanged("k3s", ["/usr/local/bin/k3s"]);

        Assert.Equal("systemctl daemon-reload\necho pi-controller:changed", SshStepScripts.For(new DaemonReload(), NothingChanged).Script);
        Assert.Same(SshStep.Nothing, SshStepScripts.For(restart, NothingChanged));
        Assert.Equal("systemctl restart k3s\necho pi-controller:changed", SshStepScripts.For(restart, new HashSet<string> { "/usr/local/bin/k3s" }).Script);
        Assert.Equal(
            "if systemctl is-enabled --quiet k3s-agent && systemctl is-active --quiet k3s-agent; then echo pi-controller:unchanged; else systemctl enable --now k3s-agent && echo pi-controller:changed; fi",
            SshStepScripts.For(new EnableNow("k3s-agent"), NothingChanged).Script);
    }

    [Fact]
    public void A_symlink_is_made_unless_it_is_there_and_a_users_own_file_is_left_alone()
    {
        Assert.Equal("""
            if [ -L /usr/local/bin/kubectl ] && [ "$(readlink /usr/local/bin/kubectl)" = k3s ]; then echo pi-controller:unchanged
            elif [ -e /usr/local/bin/kubectl ] || [ -L /usr/local/bin/kubectl ]; then echo "/usr/local/bin/kubectl exists and is not a link to k3s: left alone" >&2; echo pi-controller:unchanged
            else mkdir -p /usr/local/bin && ln -s k3s /usr/local/bin/kubectl && echo pi-controller:changed
            fi
            """, SshStepScripts.For(new Symlink("/usr/local/bin/kubectl", "k3s"), NothingChanged).Script);
    }

    [Fact]
    public void Uninstall_steps_remove_only_what_is_there()
    {
        Assert.Equal("if [ -e /etc/rancher/k3s ]; then rm -rf --one-file-system /etc/rancher/k3s && echo pi-controller:changed; else echo pi-controller:unchanged; fi",
            SshStepScripts.For(new RemoveDirectory("/etc/rancher/k3s"), NothingChanged).Script);
        Assert.Equal("if [ -e /usr/local/bin/k3s ] || [ -L /usr/local/bin/k3s ]; then rm -f /usr/local/bin/k3s && echo pi-controller:changed; else echo pi-controller:unchanged; fi",
            SshStepScripts.For(new RemoveFile("/usr/local/bin/k3s"), NothingChanged).Script);
        Assert.Equal("if ip link show flannel.1 >/dev/null 2>&1; then ip link delete flannel.1 && echo pi-controller:changed; else echo pi-controller:unchanged; fi",
            SshStepScripts.For(new DeleteNetworkInterface("flannel.1"), NothingChanged).Script);
        Assert.Equal("""
            if [ "$(systemctl show -p LoadState --value k3s)" != loaded ]; then echo pi-controller:unchanged; exit 0; fi
            systemctl disable --now k3s
            systemctl reset-failed k3s 2>/dev/null || true
            echo pi-controller:changed
            """, SshStepScripts.For(new DisableNow("k3s"), NothingChanged).Script);
    }

    [Fact]
    public void Every_uninstall_step_has_a_script_that_reports_a_change()
    {
        Assert.All(K3sUninstall.Steps(K3sRole.Server), step => Assert.Contains("echo " + SshStep.Changed, SshStepScripts.For(step, NothingChanged).Script, StringComparison.Ordinal));
    }

    [Fact]
    public void Scripts_run_as_root_the_targets_way_and_the_sudo_password_is_never_on_the_command_line()
    {
        Assert.Equal("sh -c 'echo '\\''hi'\\'''", SshCommandLine.AsUser("echo 'hi'"));
        Assert.Equal("sh -c 'id -u'", SshCommandLine.AsRoot("id -u", SshSudo.Root));
        Assert.Equal("sudo -k -S -p '' sh -c 'id -u'", SshCommandLine.AsRoot("id -u", SshSudo.Password));
        Assert.Equal("sudo -n sh -c 'id -u'", SshCommandLine.AsRoot("id -u", SshSudo.NoPassword));
    }

    [Fact]
    public void No_secret_of_an_install_is_in_any_command_line()
    {
        var ca = ClusterCa.Create(new DateTimeOffset(2026, 12, 6, 20, 0, 0, TimeSpan.Zero));
        var secrets = ClusterSecrets.Generate();
        var node = new K3sNodeSpec(K3sRole.Server, "pi-one", null, ["192.168.1.10"], new Dictionary<string, string>(), 4096, PreferBundledBin: false);
        var steps = K3sInstall.Steps(node, new K3sClusterSpec(["traefik"]), new K3sArtifacts(new string('a', 64), "k3s-airgap-images-arm64.tar.zst", new string('b', 64)), ca, secrets);
        var everything = new HashSet<string>(steps.Select(s => s.Path).OfType<string>());

        var lines = steps.Select(s => SshCommandLine.AsRoot(SshStepScripts.For(s, everything).Script, SshSudo.Password)).ToList();

        var secretTexts = new[] { secrets.ServerToken(ca.Hash).Reveal(), secrets.Server.Reveal(), secrets.Agent.Reveal() }
            .Concat(steps.OfType<WriteFile>().Where(f => f.Content.HasSecrets).Select(f => f.Content.Reveal()));
        foreach (var secret in secretTexts)
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
        Assert.Contains(steps.OfType<WriteFile>(), f => f.Content.HasSecrets);
    }

    [Fact]
    public void The_transport_reads_only_K3s_files_and_K3s_units()
    {
        Assert.Equal("if [ -f /var/lib/rancher/k3s/server/token ]; then echo present; cat /var/lib/rancher/k3s/server/token; fi", SshQueries.ReadFile(K3sFile.ServerToken));
        Assert.Equal("systemctl show -p ActiveState --value k3s-agent", SshQueries.ServiceState("k3s-agent"));
        Assert.Throws<ArgumentException>(() => SshQueries.ServiceState("ssh"));
    }

    [Fact]
    public void A_steps_marker_line_says_whether_it_changed_the_node_and_is_not_kept_as_output()
    {
        Assert.Equal(new StepResult(true, true, "note", "", 0), SshTransport.Result(new SshRun(0, "note\npi-controller:changed\n", "")));
        Assert.Equal(new StepResult(true, false, "", "left alone\n", 0), SshTransport.Result(new SshRun(0, "pi-controller:unchanged\n", "left alone\n")));
        Assert.Equal(new StepResult(false, false, "", "mkdir: cannot create directory\n", 1), SshTransport.Result(new SshRun(1, "", "mkdir: cannot create directory\n")));
    }
}
