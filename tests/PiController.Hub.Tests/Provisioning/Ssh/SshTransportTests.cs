using System.Runtime.InteropServices;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Ssh;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Tests.Provisioning.Ssh;

/// <summary>The SSH transport against real OpenSSH servers on loopback: key and password auth, host keys pinned on first use, steps with their output kept, release files streamed and checked on the node, a jump chain of two.</summary>
public sealed class SshTransportTests : IDisposable
{
    private static readonly IReadOnlySet<string> NothingChanged = new HashSet<string>();
    private readonly TempDirectory _directory = new("pic-ssh-");
    private readonly SshLab _lab;
    private readonly List<Sshd> _servers = [];

    public SshTransportTests() => _lab = new SshLab(_directory);

    public void Dispose()
    {
        _servers.ForEach(s => s.Dispose());
        _lab.Dispose();
        _directory.Dispose();
    }

    private async Task<Sshd> StartSshdAsync(string name)
    {
        var sshd = await Sshd.StartAsync(_directory.File(name));
        _servers.Add(sshd);
        return sshd;
    }

    [SshdFact]
    public async Task Key_auth_pins_the_host_key_on_first_use_and_each_step_keeps_its_output_and_exit_code()
    {
        var sshd = await StartSshdAsync("node");
        _lab.AddRoot("node", sshd);
        var secret = "K10" + new string('7', 40) + "::server:s3cr3t-value";
        var config = new WriteFile($"{sshd.Directory}/etc/rancher/k3s/config.yaml",
            new FileContent.Builder().Append("token: ").AppendSecret(secret, "K10…::server:********").Append("\n").Build(), UnixFileMode.UserRead | UnixFileMode.UserWrite, FileKind.Config);
        File.WriteAllText($"{sshd.Directory}/not-a-directory", "");

        await using (var node = await _lab.OpenAsync("node"))
        {
            var facts = await node.GatherFactsAsync(["other"], CancellationToken.None);
            var written = await node.RunAsync(config, NothingChanged, CancellationToken.None);
            var again = await node.RunAsync(config, NothingChanged, CancellationToken.None);
            var linked = await node.RunAsync(new Symlink($"{sshd.Directory}/bin/kubectl", "k3s"), NothingChanged, CancellationToken.None);
            var failed = await node.RunAsync(new WriteFile($"{sshd.Directory}/not-a-directory/file", FileContent.Plain("x"), UnixFileMode.UserRead, FileKind.Config),
                NothingChanged, CancellationToken.None);

            Assert.Equal(RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64 ? "x86_64" : "aarch64", facts.Architecture);
            Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), facts.Hostname);
            Assert.Equal(["other"], facts.OtherHostnames);
            Assert.Contains("MemTotal:", facts.MemInfo, StringComparison.Ordinal);
            Assert.True(facts.FreeDiskBytes > 0, "free disk read with df");
            Assert.NotNull(facts.Routes);
            Assert.True(facts.ClockSkew is { } skew && skew.Duration() < TimeSpan.FromSeconds(30), $"one machine's clock against itself, measured around the round trip: {facts.ClockSkew}");
            Assert.Equal((true, true, 0), (written.Succeeded, written.Changed, written.ExitCode));
            Assert.Equal((true, false, 0), (again.Succeeded, again.Changed, again.ExitCode));
            Assert.True(linked.Changed);
            Assert.Equal((false, 1), (failed.Succeeded, failed.ExitCode));
            Assert.Contains("mkdir", failed.Error, StringComparison.Ordinal);
        }

        Assert.Equal($"token: {secret}\n", File.ReadAllText(config.FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config.FilePath));
        Assert.Equal("k3s", new FileInfo($"{sshd.Directory}/bin/kubectl").LinkTarget);
        var pinned = _lab.Targets.Get("node").HostKey!;
        Assert.Equal(("ssh-ed25519", sshd.HostKeyFingerprint), (pinned.Algorithm, pinned.Fingerprint));
        Assert.Contains(_lab.Logs.Lines, l => l.Contains($"host key ssh-ed25519 {sshd.HostKeyFingerprint} pinned on first use", StringComparison.Ordinal));
        Assert.DoesNotContain(_lab.Logs.Lines, l => l.Contains("s3cr3t", StringComparison.Ordinal) || l.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    [SshdFact]
    public async Task The_binary_is_streamed_from_the_artifact_store_checked_on_the_node_and_the_previous_one_kept()
    {
        var sshd = await StartSshdAsync("node");
        _lab.AddRoot("node", sshd);
        var release = new FakeRelease(_directory.Directory("release"));
        using (var import = _lab.Artifacts.BeginImport(FakeRelease.Version, "arm64",
            Hub.Provisioning.Artifacts.ReleaseChecksums.Parse(File.ReadAllBytes(release.Checksums), "sha256sum-arm64.txt"), "upload from test"))
        {
            await using var content = File.OpenRead(release.Binary);
            await import.AddAsync("k3s-arm64", content, 10_000_000, CancellationToken.None);
            import.Commit();
        }
        var binary = $"{sshd.Directory}/usr/local/bin/k3s";
        Directory.CreateDirectory(Path.GetDirectoryName(binary)!);
        File.WriteAllText(binary, "the old k3s");
        var place = new PlaceBinary(binary, release.BinarySha256, KeepPrevious: true);

        await using var node = await _lab.OpenAsync("node");
        var placed = await node.RunAsync(place, NothingChanged, CancellationToken.None);
        var again = await node.RunAsync(place, NothingChanged, CancellationToken.None);
        var missing = await node.RunAsync(new PlaceBinary(binary, new string('f', 64), KeepPrevious: true), NothingChanged, CancellationToken.None);

        Assert.Equal((true, true), (placed.Succeeded, placed.Changed));
        Assert.Equal(File.ReadAllBytes(release.Binary), File.ReadAllBytes(binary));
        Assert.Equal("the old k3s", File.ReadAllText(place.PreviousPath));
        Assert.Equal((true, false), (again.Succeeded, again.Changed));
        Assert.False(missing.Succeeded);
        Assert.Contains("pi-controller k3s ls", missing.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(binary)!, ".k3s.pi-controller.*"));
    }

    [SshdFact]
    public async Task Password_auth_logs_in_and_a_wrong_password_is_refused_with_what_to_do()
    {
        var sshd = await StartSshdAsync("node");
        _lab.Targets.Add(new SshTargetCreateRequest("pi", "127.0.0.1", sshd.Port, "pi", null, Sshd.Password, null, null));
        _lab.Targets.Add(new SshTargetCreateRequest("wrong", "127.0.0.1", sshd.Port, "pi", null, "not-the-password", null, null));

        await using (var node = await _lab.OpenAsync("pi"))
        {
            Assert.Equal(File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim(), await node.BootIdAsync(CancellationToken.None));
            Assert.NotNull((await node.GatherFactsAsync([], CancellationToken.None)).Hostname);
        }
        var refused = await Assert.ThrowsAsync<NodeUnreachableException>(() => _lab.OpenAsync("wrong"));

        Assert.StartsWith("ssh target wrong (pi@127.0.0.1:", refused.Message, StringComparison.Ordinal);
        Assert.Contains("refused the password of pi", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", refused.Message, StringComparison.Ordinal);
    }

    [SshdFact]
    public async Task A_changed_host_key_stops_the_work_and_says_which_key_and_how_to_accept_it()
    {
        var sshd = await StartSshdAsync("node");
        _lab.AddRoot("node", sshd);
        var old = "SHA256:" + new string('A', 43);
        _lab.Targets.AcceptKey("node", old);

        var stopped = await Assert.ThrowsAsync<NodeUnreachableException>(() => _lab.OpenAsync("node"));

        Assert.Equal($"the host key of ssh target node (127.0.0.1:{sshd.Port}) has changed: expected {old}, the host showed ssh-ed25519 {sshd.HostKeyFingerprint}. " +
            $"Nothing was sent. If the host was reinstalled (new keys), accept the new key: pi-controller ssh accept-key node --fingerprint {sshd.HostKeyFingerprint}; " +
            "otherwise something is in between: check the host's key on its console with ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub", stopped.Message);
        Assert.Equal(old, _lab.Targets.Get("node").HostKey!.Fingerprint);

        _lab.Targets.AcceptKey("node", sshd.HostKeyFingerprint);
        await using (var node = await _lab.OpenAsync("node"))
        {
            Assert.Equal("0", await IdAsync(node));
        }
        Assert.Equal(("ssh-ed25519", sshd.HostKeyFingerprint), (_lab.Targets.Get("node").HostKey!.Algorithm, _lab.Targets.Get("node").HostKey!.Fingerprint));
    }

    [SshdFact]
    public async Task A_jump_chain_of_two_reaches_the_target_through_both_each_with_its_own_pinned_key()
    {
        var first = await StartSshdAsync("jump-1");
        var second = await StartSshdAsync("jump-2");
        var target = await StartSshdAsync("node");
        _lab.AddRoot("jump-1", first);
        _lab.AddRoot("jump-2", second);
        _lab.AddRoot("node", target, "jump-1", "jump-2");

        await using (var node = await _lab.OpenAsync("node"))
        {
            Assert.Equal("ssh root@127.0.0.1:" + target.Port + " via jump-1, jump-2", node.Description);
            Assert.Equal("0", await IdAsync(node));
        }

        Assert.Equal([first.HostKeyFingerprint, second.HostKeyFingerprint, target.HostKeyFingerprint],
            new[] { "jump-1", "jump-2", "node" }.Select(n => _lab.Targets.Get(n).HostKey?.Fingerprint));
        Assert.Contains($"target 127.0.0.1 port {second.Port}", first.Log, StringComparison.Ordinal);
        Assert.Contains($"target 127.0.0.1 port {target.Port}", second.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("direct_tcpip", target.Log, StringComparison.Ordinal);
    }

    /// <summary>The login's uid, read through a step that writes it where the test can see it.</summary>
    private async Task<string> IdAsync(INodeTransport node)
    {
        var file = _directory.File($"id-{Guid.NewGuid():N}");
        var result = await node.RunAsync(new WriteFile(file, FileContent.Plain("x"), UnixFileMode.UserRead | UnixFileMode.UserWrite, FileKind.Config), NothingChanged, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
        return (await Run.Async("stat", "-c", "%u", file)).Ok("stat").Output.Trim();
    }
}
