using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Packaging;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Packaging;

public sealed class AptSigningKeyTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_key_is_made_once_sealed_with_mode_0600_and_keeps_its_fingerprint()
    {
        var path = _directory.File(AptSigningKey.FileName + ".enc");
        string fingerprint;
        using (var key = Load("Test repository"))
        {
            fingerprint = key.FingerprintHex;
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        _time.Advance(TimeSpan.FromDays(3));
        using var again = Load("Test repository");
        Assert.Equal(fingerprint, again.FingerprintHex);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero), again.Created);
    }

    [Fact]
    public void No_file_in_the_data_directory_holds_the_signing_key_in_clear()
    {
        using var key = Load("Test repository");

        Assert.False(File.Exists(_directory.File(AptSigningKey.FileName)));
        foreach (var path in Directory.GetFiles(_directory.Path))
        {
            Assert.DoesNotContain("PRIVATE KEY", Encoding.ASCII.GetString(File.ReadAllBytes(path)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_clear_key_of_an_older_hub_is_sealed_and_removed_and_keeps_its_fingerprint()
    {
        string fingerprint;
        using (var key = Load("Test repository"))
        {
            fingerprint = key.FingerprintHex;
        }
        // What an older hub kept: the same text, in clear.
        var clear = new SealedFile(_directory.Path, AptSigningKey.FileName, Secrets).Open();
        File.WriteAllBytes(_directory.File(AptSigningKey.FileName), clear);
        File.Delete(_directory.File(AptSigningKey.FileName + ".enc"));

        using var migrated = Load("Test repository");

        Assert.Equal(fingerprint, migrated.FingerprintHex);
        Assert.False(File.Exists(_directory.File(AptSigningKey.FileName)), "the clear apt signing key is still there");
        Assert.DoesNotContain("PRIVATE KEY", Encoding.ASCII.GetString(File.ReadAllBytes(_directory.File(AptSigningKey.FileName + ".enc"))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_clear_key_left_beside_its_sealed_copy_by_a_crash_is_removed()
    {
        using (Load("Test repository"))
        {
        }
        File.WriteAllBytes(_directory.File(AptSigningKey.FileName), new SealedFile(_directory.Path, AptSigningKey.FileName, Secrets).Open());

        using var key = Load("Test repository");

        Assert.False(File.Exists(_directory.File(AptSigningKey.FileName)));
    }

    private SecretBox Secrets => SecretBox.LoadOrCreate(_directory.Path);

    private AptSigningKey Load(string userId) => AptSigningKey.LoadOrCreate(_directory.Path, Secrets, userId, _time);

    [Fact]
    public void Gpgv_accepts_the_cleartext_and_the_detached_signature_and_names_the_key()
    {
        using var key = Load("Test repository <apt@hub>");
        var release = "Origin: Pi-Controller\nSuite: stable\nSHA256:\n 0123 12 main/binary-arm64/Packages\n-dash line\n";
        _time.Advance(TimeSpan.FromMinutes(1));
        File.WriteAllBytes(_directory.File("key.gpg"), key.ExportPublicKey());
        File.WriteAllText(_directory.File("InRelease"), key.ClearSign(release, _time.GetUtcNow()));
        File.WriteAllText(_directory.File("Release"), release);
        File.WriteAllText(_directory.File("Release.gpg"), key.SignDetached(Encoding.UTF8.GetBytes(release), _time.GetUtcNow()));

        var clear = Gpgv(_directory.File("InRelease"));
        Assert.True(clear.ExitCode == 0, clear.Output);
        Assert.Contains($"using RSA key {key.FingerprintHex}", clear.Output, StringComparison.Ordinal);
        Assert.Contains("Good signature from \"Test repository <apt@hub>\"", clear.Output, StringComparison.Ordinal);
        var detached = Gpgv(_directory.File("Release.gpg"), _directory.File("Release"));
        Assert.True(detached.ExitCode == 0, detached.Output);
    }

    [Fact]
    public void A_changed_release_fails_the_signature()
    {
        using var key = Load("Test repository");
        File.WriteAllBytes(_directory.File("key.gpg"), key.ExportPublicKey());
        var signed = key.ClearSign("Suite: stable\nDate: then\n", _time.GetUtcNow());
        File.WriteAllText(_directory.File("InRelease"), signed.Replace("Date: then", "Date: now!", StringComparison.Ordinal));
        Assert.NotEqual(0, Gpgv(_directory.File("InRelease")).ExitCode);
    }

    private (int ExitCode, string Output) Gpgv(params string[] files)
    {
        var info = new ProcessStartInfo("gpgv") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("--keyring");
        info.ArgumentList.Add(_directory.File("key.gpg"));
        foreach (var file in files)
        {
            info.ArgumentList.Add(file);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    public void Dispose() => _directory.Dispose();
}
