using System.Text;
using PiController.Protocol.Storage;

namespace PiController.Hub.Tests.Security;

public sealed class DurableFileTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_secret_file_is_written_with_mode_0600_and_no_temporary_file_is_left()
    {
        var path = _directory.File("secret");

        DurableFile.Write(path, "s3cret"u8, DurableFile.OwnerOnly);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal("s3cret", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void Overwriting_a_world_readable_file_leaves_it_mode_0600()
    {
        var path = _directory.File("secret");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        DurableFile.Write(path, "new"u8, DurableFile.OwnerOnly);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal("new", File.ReadAllText(path));
    }

    [Fact]
    public void A_stale_temporary_file_with_loose_mode_does_not_loosen_the_secret()
    {
        var path = _directory.File("secret");
        File.WriteAllText(path + ".tmp", "left over from a crash");
        File.SetUnixFileMode(path + ".tmp", OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        DurableFile.Write(path, "new"u8, DurableFile.OwnerOnly);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal("new", File.ReadAllText(path));
    }

    [Fact]
    public void Without_overwrite_an_existing_file_wins_and_nothing_is_left_behind()
    {
        var path = _directory.File("secret.key");
        File.WriteAllText(path, "first");

        Assert.Throws<IOException>(() => DurableFile.Write(path, "second"u8, DurableFile.OwnerOnly, overwrite: false));

        Assert.Equal("first", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void A_pair_staged_completely_before_a_crash_is_put_in_place_at_the_next_start()
    {
        var pair = new CertificateFilePair(_directory.File("server.crt"), _directory.File("server.key.enc"));
        File.WriteAllText(pair.CertificatePath, "old certificate");
        File.WriteAllText(pair.KeyPath, "old key");
        File.WriteAllText(pair.StagedKeyPath, "new key");
        File.WriteAllText(pair.StagedCertificatePath, "new certificate");

        Assert.Equal(PairRecovery.Finished, pair.Recover());

        Assert.Equal("new certificate", File.ReadAllText(pair.CertificatePath));
        Assert.Equal("new key", File.ReadAllText(pair.KeyPath));
        Assert.Equal(2, Directory.GetFiles(_directory.Path).Length);
    }

    [Fact]
    public void A_crash_between_the_two_renames_is_finished_at_the_next_start()
    {
        var pair = new CertificateFilePair(_directory.File("node.crt"), _directory.File("node.key"));
        File.WriteAllText(pair.CertificatePath, "old certificate");
        File.WriteAllText(pair.KeyPath, "new key");
        File.WriteAllText(pair.StagedCertificatePath, "new certificate");

        Assert.Equal(PairRecovery.Finished, pair.Recover());

        Assert.Equal("new certificate", File.ReadAllText(pair.CertificatePath));
        Assert.Equal("new key", File.ReadAllText(pair.KeyPath));
    }

    [Fact]
    public void A_pair_cut_short_while_staged_is_discarded_and_the_old_pair_stays()
    {
        var pair = new CertificateFilePair(_directory.File("node.crt"), _directory.File("node.key"));
        File.WriteAllText(pair.CertificatePath, "old certificate");
        File.WriteAllText(pair.KeyPath, "old key");
        File.WriteAllText(pair.StagedKeyPath, "new key");

        Assert.Equal(PairRecovery.Discarded, pair.Recover());

        Assert.Equal("old certificate", File.ReadAllText(pair.CertificatePath));
        Assert.Equal("old key", File.ReadAllText(pair.KeyPath));
        Assert.False(File.Exists(pair.StagedKeyPath));
    }

    [Fact]
    public void Replace_leaves_the_new_pair_with_its_modes_and_nothing_staged()
    {
        var pair = new CertificateFilePair(_directory.File("node.crt"), _directory.File("node.key"));

        pair.Replace(Encoding.ASCII.GetBytes("certificate"), DurableFile.Public, Encoding.ASCII.GetBytes("key"), DurableFile.OwnerOnly);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(pair.KeyPath));
        Assert.Equal(DurableFile.Public, File.GetUnixFileMode(pair.CertificatePath));
        Assert.Equal(PairRecovery.Nothing, pair.Recover());
        Assert.Equal(2, Directory.GetFiles(_directory.Path).Length);
    }
}
