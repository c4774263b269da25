using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Tests.Provisioning;

public sealed class InstallIdempotenceTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly FileContent Config = FileContent.Plain("node-name: \"a\"\n");

    [Fact]
    public void A_file_with_the_same_hash_and_mode_is_unchanged_and_any_difference_changes_it()
    {
        var step = new WriteFile("/etc/rancher/k3s/config.yaml", Config, OwnerOnly, FileKind.Config);

        Assert.True(step.IsUnchanged(Config.Sha256, OwnerOnly));
        Assert.True(step.IsUnchanged(Config.Sha256.ToUpperInvariant(), OwnerOnly));
        Assert.False(step.IsUnchanged(FileContent.Plain("node-name: \"b\"\n").Sha256, OwnerOnly));
        Assert.False(step.IsUnchanged(Config.Sha256, OwnerOnly | UnixFileMode.OtherRead));
        Assert.False(step.IsUnchanged(null, null));
    }

    [Fact]
    public void A_CA_file_already_on_the_node_is_kept_whatever_it_holds()
    {
        var step = new WriteFile("/var/lib/rancher/k3s/server/tls/server-ca.crt", Config, OwnerOnly, FileKind.Trust);

        Assert.True(step.IsUnchanged(new string('0', 64), UnixFileMode.UserRead));
        Assert.False(step.IsUnchanged(null, null));
    }

    [Fact]
    public void A_binary_with_the_releases_hash_is_not_placed_again()
    {
        var step = new PlaceBinary("/usr/local/bin/k3s", new string('a', 64), KeepPrevious: true);

        Assert.True(step.IsUnchanged(new string('a', 64)));
        Assert.False(step.IsUnchanged(new string('b', 64)));
        Assert.False(step.IsUnchanged(null));
    }

    [Fact]
    public void The_restart_is_due_only_when_a_watched_path_changed()
    {
        var step = new RestartIfChanged("k3s", ["/usr/local/bin/k3s", "/etc/rancher/k3s/config.yaml"]);

        Assert.False(step.IsDue(new HashSet<string>()));
        Assert.False(step.IsDue(new HashSet<string> { "/var/lib/rancher/k3s/server/tls/server-ca.crt" }));
        Assert.True(step.IsDue(new HashSet<string> { "/etc/rancher/k3s/config.yaml" }));
    }
}
