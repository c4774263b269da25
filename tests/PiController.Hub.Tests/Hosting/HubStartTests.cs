using System.Net;
using PiController.Hub.Hosting;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Hosting;

/// <summary>pi-controller serve on a data directory it cannot use: a message that says what to do, no stack trace.</summary>
public sealed class HubStartTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private HubOptions Options => new() { DataDirectory = _directory.Path, Address = IPAddress.Loopback, Port = 1 };

    [Fact]
    public void A_data_directory_with_half_a_CA_stops_serve_with_what_to_restore()
    {
        CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);
        File.Delete(_directory.File("ca.crt"));

        // HubStartException is what pi-controller prints as one line ("pi-controller: ...") and exits 1 on.
        var refused = Assert.Throws<HubStartException>(() => HubServer.Build(Options));

        Assert.StartsWith("cannot start: ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("restore both from a backup", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_key_readable_by_others_stops_serve_with_the_chmod_to_run()
    {
        SecretBox.LoadOrCreate(_directory.Path);
        File.SetUnixFileMode(_directory.File("secret.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var refused = Assert.Throws<HubStartException>(() => HubServer.Build(Options));

        Assert.Contains("chmod 600", refused.Message, StringComparison.Ordinal);
    }
}
