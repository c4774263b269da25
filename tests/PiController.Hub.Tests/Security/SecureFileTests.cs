using PiController.Hub.Security;

namespace PiController.Hub.Tests.Security;

public sealed class SecureFileTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_secret_file_is_written_with_mode_0600()
    {
        var path = _directory.File("secret");

        SecureFile.WriteAllText(path, "s3cret");

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal("s3cret", File.ReadAllText(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Overwriting_a_world_readable_file_leaves_it_mode_0600()
    {
        var path = _directory.File("secret");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        SecureFile.WriteAllText(path, "new");

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal("new", File.ReadAllText(path));
    }

    [Fact]
    public void A_stale_temporary_file_with_loose_mode_does_not_loosen_the_secret()
    {
        var path = _directory.File("secret");
        File.WriteAllText(path + ".tmp", "left over from a crash");
        File.SetUnixFileMode(path + ".tmp", OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        SecureFile.WriteAllText(path, "new");

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal("new", File.ReadAllText(path));
    }
}
