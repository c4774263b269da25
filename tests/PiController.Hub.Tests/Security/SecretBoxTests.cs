using System.Security.Cryptography;
using System.Text;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Security;

public sealed class SecretBoxTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void First_start_creates_a_32_byte_key_file_readable_by_the_owner_only()
    {
        SecretBox.LoadOrCreate(_directory.Path);

        var path = _directory.File("secret.key");
        Assert.Equal(32, new FileInfo(path).Length);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Empty(Directory.GetFiles(_directory.Path, "*.tmp"));
    }

    [Fact]
    public void A_value_sealed_before_a_restart_opens_after_it()
    {
        var sealedValue = SecretBox.LoadOrCreate(_directory.Path).Seal("k3s token"u8, "k3s-token:prod");

        var opened = SecretBox.LoadOrCreate(_directory.Path).Open(sealedValue, "k3s-token:prod");

        Assert.Equal("k3s token"u8.ToArray(), opened);
    }

    [Fact]
    public void A_sealed_value_hides_the_plaintext_and_two_seals_differ()
    {
        var box = SecretBox.LoadOrCreate(_directory.Path);
        var plaintext = Encoding.UTF8.GetBytes("-----BEGIN OPENSSH PRIVATE KEY----- not really");

        var first = box.Seal(plaintext, "ssh-key");
        var second = box.Seal(plaintext, "ssh-key");

        Assert.Equal(SecretBox.Version1, first[0]);
        Assert.Equal(1 + 4 + 12 + 16 + plaintext.Length, first.Length);
        Assert.True(first.AsSpan().IndexOf(plaintext.AsSpan(0, 16)) < 0);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_string_round_trips_through_base64()
    {
        var box = SecretBox.LoadOrCreate(_directory.Path);

        var sealedText = box.SealString("apiVersion: v1\nkind: Config", "kubeconfig:prod");

        Assert.DoesNotContain("apiVersion", sealedText, StringComparison.Ordinal);
        Assert.Equal("apiVersion: v1\nkind: Config", box.OpenString(sealedText, "kubeconfig:prod"));
    }

    [Fact]
    public void A_value_sealed_for_one_purpose_does_not_open_for_another()
    {
        var box = SecretBox.LoadOrCreate(_directory.Path);
        var sealedValue = box.Seal("secret"u8, "ca.key");

        var refused = Assert.Throws<SecretBoxException>(() => box.Open(sealedValue, "server.key"));

        Assert.Contains("does not authenticate", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_altered_value_is_refused()
    {
        var box = SecretBox.LoadOrCreate(_directory.Path);
        var sealedValue = box.Seal("secret"u8, "ca.key");
        sealedValue[^1] ^= 0x01;

        Assert.Throws<SecretBoxException>(() => box.Open(sealedValue, "ca.key"));
    }

    [Fact]
    public void A_value_sealed_under_another_key_is_reported_as_such()
    {
        var sealedValue = new SecretBox(RandomNumberGenerator.GetBytes(32)).Seal("secret"u8, "ca.key");

        var refused = Assert.Throws<SecretBoxException>(() => SecretBox.LoadOrCreate(_directory.Path).Open(sealedValue, "ca.key"));

        Assert.Contains("sealed with another key", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_version_or_truncated_value_is_refused()
    {
        var box = SecretBox.LoadOrCreate(_directory.Path);
        var sealedValue = box.Seal("secret"u8, "ca.key");
        sealedValue[0] = 2;

        Assert.Contains("format version 2", Assert.Throws<SecretBoxException>(() => box.Open(sealedValue, "ca.key")).Message, StringComparison.Ordinal);
        Assert.Contains("truncated", Assert.Throws<SecretBoxException>(() => box.Open(new byte[10], "ca.key")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_readable_by_others_is_refused()
    {
        SecretBox.LoadOrCreate(_directory.Path);
        File.SetUnixFileMode(_directory.File("secret.key"), OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var refused = Assert.Throws<InvalidOperationException>(() => SecretBox.LoadOrCreate(_directory.Path));

        Assert.Contains("chmod 600", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_key_file_is_refused_not_replaced()
    {
        File.WriteAllBytes(_directory.File("secret.key"), new byte[7]);
        File.SetUnixFileMode(_directory.File("secret.key"), OwnerOnly);

        var refused = Assert.Throws<InvalidOperationException>(() => SecretBox.LoadOrCreate(_directory.Path));

        Assert.Contains("restore it from a backup", refused.Message, StringComparison.Ordinal);
        Assert.Equal(7, new FileInfo(_directory.File("secret.key")).Length);
    }
}
