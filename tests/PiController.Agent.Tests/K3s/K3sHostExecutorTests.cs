using System.Security.Cryptography;
using Google.Protobuf;
using PiController.Agent.K3s;
using PiController.Agent.Platform;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.K3s;

/// <summary>The K3s host steps against a temporary tree that stands in for "/": the files they write, and what they refuse.</summary>
public sealed class K3sHostExecutorTests : IDisposable
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0644 = Mode0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode0755 = Mode0644 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private readonly TempTree _root = new();
    private readonly TempDirectory _staging = new();
    private readonly K3sHostExecutor _executor;

    public K3sHostExecutorTests() =>
        _executor = new K3sHostExecutor(new SystemRoot(_root.Root), _staging.Path, new FixedTime(DateTimeOffset.UnixEpoch));

    public void Dispose()
    {
        _root.Dispose();
        _staging.Dispose();
    }

    private Task<CommandResult> Run(Command command)
    {
        command.Id = "c1";
        return _executor.RunAsync(command, CancellationToken.None);
    }

    private static Command Write(string path, string content, UnixFileMode mode, bool onlyIfAbsent = false) => new()
    {
        WriteK3SConfig = new WriteK3sConfig { Path = path, Content = ByteString.CopyFromUtf8(content), Mode = (uint)mode, OnlyIfAbsent = onlyIfAbsent },
    };

    private string Stage(byte[] content)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        File.WriteAllBytes(K3sHostExecutor.StagedPath(_staging.Path, sha), content);
        return sha;
    }

    private static Command Binary(string sha, string path = K3sPaths.Binary) =>
        new() { InstallK3S = new InstallK3s { Binary = new PlaceK3sBinary { Path = path, Sha256 = sha, KeepPrevious = true } } };

    [Fact]
    public async Task The_env_file_is_written_with_its_mode_and_a_second_write_of_the_same_content_is_unchanged()
    {
        var first = await Run(Write("/etc/systemd/system/k3s.service.env", "K3S_TOKEN=K10abc::server:secret\n", Mode0600));
        var second = await Run(Write("/etc/systemd/system/k3s.service.env", "K3S_TOKEN=K10abc::server:secret\n", Mode0600));

        Assert.True(first.K3SStep.Changed, first.Error?.Message);
        Assert.Equal("wrote /etc/systemd/system/k3s.service.env (mode 0600)", first.K3SStep.Detail);
        Assert.False(second.K3SStep.Changed);
        var path = _root.PathOf("/etc/systemd/system/k3s.service.env");
        Assert.Equal("K3S_TOKEN=K10abc::server:secret\n", File.ReadAllText(path));
        Assert.Equal(Mode0600, File.GetUnixFileMode(path));
        Assert.Equal(["k3s.service.env"], Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_changed_mode_alone_rewrites_the_file()
    {
        await Run(Write("/etc/rancher/k3s/config.yaml", "node-name: pi-01\n", Mode0644));

        var again = await Run(Write("/etc/rancher/k3s/config.yaml", "node-name: pi-01\n", Mode0600));

        Assert.True(again.K3SStep.Changed);
        Assert.Equal(Mode0600, File.GetUnixFileMode(_root.PathOf("/etc/rancher/k3s/config.yaml")));
    }

    [Fact]
    public async Task A_CA_file_that_exists_is_kept_and_never_overwritten()
    {
        _root.Write("/var/lib/rancher/k3s/server/tls/server-ca.crt", "the cluster's CA");

        var result = await Run(Write("/var/lib/rancher/k3s/server/tls/server-ca.crt", "another CA", Mode0644, onlyIfAbsent: true));

        Assert.False(result.K3SStep.Changed);
        Assert.Equal("the cluster's CA", File.ReadAllText(_root.PathOf("/var/lib/rancher/k3s/server/tls/server-ca.crt")));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/etc/rancher/k3s/k3s.yaml")]
    [InlineData("/etc/rancher/k3s/config.yaml.d/../../../passwd.yaml")]
    [InlineData("/etc/rancher/k3s/config.yaml.d/.hidden.yaml")]
    [InlineData("/etc/rancher/k3s/config.yaml.d/sub/x.yaml")]
    [InlineData("/etc/systemd/system/ssh.service")]
    [InlineData("/var/lib/rancher/k3s/server/tls/other.key")]
    [InlineData("etc/rancher/k3s/config.yaml")]
    public async Task A_write_outside_the_allow_list_is_refused_and_nothing_is_written(string path)
    {
        var result = await Run(Write(path, "x", Mode0600));

        Assert.Equal(CommandError.Types.Code.InvalidArgument, result.Error.Code);
        Assert.StartsWith($"\"{path}\" is not a file of K3s's the agent writes", result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root.Root));
    }

    [Fact]
    public async Task A_mode_writable_by_others_and_a_CA_file_without_only_if_absent_are_refused()
    {
        var open = await Run(Write("/etc/rancher/k3s/config.yaml", "x", Mode0644 | UnixFileMode.OtherWrite));
        var overwrite = await Run(Write("/var/lib/rancher/k3s/server/tls/service.key", "x", Mode0600));

        Assert.Equal("mode 646 for /etc/rancher/k3s/config.yaml is refused: K3s's files are at most 0755, never writable by group or others", open.Error.Message);
        Assert.Equal("/var/lib/rancher/k3s/server/tls/service.key is a CA file K3s reads on its first start only: it is written only where none exists (only_if_absent)", overwrite.Error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root.Root));
    }

    [Fact]
    public async Task The_binary_is_placed_from_the_staged_download_with_the_previous_one_kept_and_unchanged_the_second_time()
    {
        _root.Write(K3sPaths.Binary, "old k3s");
        var sha = Stage("new k3s"u8.ToArray());

        var placed = await Run(Binary(sha));
        var again = await Run(Binary(sha));

        Assert.True(placed.K3SStep.Changed, placed.Error?.Message);
        Assert.Equal($"placed /usr/local/bin/k3s ({sha[..16]}...); kept the previous binary as /usr/local/bin/k3s.previous", placed.K3SStep.Detail);
        Assert.False(again.K3SStep.Changed);
        Assert.Equal("new k3s", File.ReadAllText(_root.PathOf(K3sPaths.Binary)));
        Assert.Equal("old k3s", File.ReadAllText(_root.PathOf(K3sPaths.PreviousBinary)));
        Assert.Equal(Mode0755, File.GetUnixFileMode(_root.PathOf(K3sPaths.Binary)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_staging.Path));
    }

    [Fact]
    public async Task A_staged_file_with_another_sha256_is_deleted_and_nothing_is_placed()
    {
        _root.Write(K3sPaths.Binary, "old k3s");
        var wanted = Convert.ToHexStringLower(SHA256.HashData("the release"u8));
        File.WriteAllText(K3sHostExecutor.StagedPath(_staging.Path, wanted), "something else");

        var result = await Run(Binary(wanted));

        Assert.Equal(CommandError.Types.Code.FailedPrecondition, result.Error.Code);
        Assert.Contains($"not {wanted[..16]}...; it was deleted and /usr/local/bin/k3s left as it was", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal("old k3s", File.ReadAllText(_root.PathOf(K3sPaths.Binary)));
        Assert.False(File.Exists(_root.PathOf(K3sPaths.PreviousBinary)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_staging.Path));
    }

    [Fact]
    public async Task The_binary_goes_to_usr_local_bin_k3s_only()
    {
        var sha = Stage("k3s"u8.ToArray());

        var result = await Run(Binary(sha, "/usr/bin/sudo"));

        Assert.Equal("the K3s binary goes to /usr/local/bin/k3s only, not \"/usr/bin/sudo\"", result.Error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root.Root));
    }

    [Fact]
    public async Task The_links_point_at_k3s_and_a_kubectl_installed_otherwise_is_left_alone()
    {
        _root.Write("/usr/local/bin/kubectl", "a kubectl of its own");
        Command Link(string name, string target = "k3s") => new() { InstallK3S = new InstallK3s { Symlink = new K3sSymlink { Path = "/usr/local/bin/" + name, Target = target } } };

        var crictl = await Run(Link("crictl"));
        var kubectl = await Run(Link("kubectl"));
        var elsewhere = await Run(Link("ctr", "/bin/sh"));

        Assert.True(crictl.K3SStep.Changed);
        Assert.Equal("k3s", new FileInfo(_root.PathOf("/usr/local/bin/crictl")).LinkTarget);
        Assert.False(kubectl.K3SStep.Changed);
        Assert.Equal("left /usr/local/bin/kubectl alone: it is not a link to k3s (a kubectl installed otherwise)", kubectl.K3SStep.Detail);
        Assert.Equal("a kubectl of its own", File.ReadAllText(_root.PathOf("/usr/local/bin/kubectl")));
        Assert.Equal(CommandError.Types.Code.InvalidArgument, elsewhere.Error.Code);
        Assert.False(File.Exists(_root.PathOf("/usr/local/bin/ctr")));
    }

    [Fact]
    public async Task The_uninstall_removes_K3s_files_and_directories_and_refuses_anything_else()
    {
        _root.Write("/etc/rancher/k3s/config.yaml", "x");
        _root.Write("/etc/systemd/system/k3s.service", "x");
        _root.Write("/etc/shadow", "keep");
        Command Remove(UninstallK3s step) => new() { UninstallK3S = step };

        var directory = await Run(Remove(new UninstallK3s { RemoveDirectory = "/etc/rancher/k3s" }));
        var unit = await Run(Remove(new UninstallK3s { RemoveFile = new RemoveK3sFile { Path = "/etc/systemd/system/k3s.service" } }));
        var gone = await Run(Remove(new UninstallK3s { RemoveFile = new RemoveK3sFile { Path = "/etc/systemd/system/k3s.service" } }));
        var shadow = await Run(Remove(new UninstallK3s { RemoveFile = new RemoveK3sFile { Path = "/etc/shadow" } }));
        var etc = await Run(Remove(new UninstallK3s { RemoveDirectory = "/etc" }));
        var lo = await Run(Remove(new UninstallK3s { DeleteNetworkInterface = "lo" }));

        Assert.True(directory.K3SStep.Changed);
        Assert.True(unit.K3SStep.Changed);
        Assert.False(gone.K3SStep.Changed);
        Assert.False(Directory.Exists(_root.PathOf("/etc/rancher/k3s")));
        Assert.StartsWith("the uninstall removes the files /usr/local/bin/k3s, /usr/local/bin/k3s.previous,", shadow.Error.Message, StringComparison.Ordinal);
        Assert.EndsWith("refused: RemoveFile /etc/shadow", shadow.Error.Message, StringComparison.Ordinal);
        Assert.Equal("the uninstall removes the directories /etc/rancher/k3s, /run/flannel, /run/k3s, /var/lib/cni, /var/lib/kubelet, /var/lib/rancher/k3s only; refused: RemoveDirectory /etc", etc.Error.Message);
        Assert.Equal(CommandError.Types.Code.InvalidArgument, lo.Error.Code);
        Assert.Equal("keep", File.ReadAllText(_root.PathOf("/etc/shadow")));
    }

    [Fact]
    public async Task Host_level_steps_are_refused_as_unsupported_on_a_test_root()
    {
        var result = await Run(new Command { UninstallK3S = new UninstallK3s { DeleteNetworkInterface = "cni0" } });

        Assert.Equal(CommandError.Types.Code.Unsupported, result.Error.Code);
        Assert.Equal($"processes, mounts, interfaces and firewall rules are the live host's; this agent reads a test root ({_root.Root})", result.Error.Message);
    }

    [Fact]
    public async Task The_boot_command_line_fix_writes_only_cmdline_txt()
    {
        var result = await Run(new Command { FixBootCmdline = new FixBootCmdline { Path = "/boot/config.txt", Text = "console=tty1" } });

        Assert.Equal("the boot command line is /boot/firmware/cmdline.txt or /boot/cmdline.txt, not \"/boot/config.txt\"", result.Error.Message);
    }
}
