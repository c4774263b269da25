using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PiController.Agent.Link;
using PiController.Agent.Tests.Support;

namespace PiController.Agent.Tests.Link;

/// <summary>node.crt and node.key across crashes: a cut-short rotation never keeps the agent from starting.</summary>
public sealed class AgentCredentialsTests : IDisposable
{
    private readonly TempTree _data = new();
    private readonly X509Certificate2 _ca = TestCertificates.Ca("pi-controller CA");

    public void Dispose()
    {
        _ca.Dispose();
        _data.Dispose();
    }

    private string PathOf(string name) => Path.Join(_data.Root, name);

    private AgentCredentials Credentials() => new(_data.Root, TimeProvider.System);

    /// <summary>What the hub sends back for a CSR: a PEM certificate for <paramref name="key"/>, signed by the CA.</summary>
    private string Issue(ECDsa key)
    {
        var request = new CertificateRequest("CN=node-1", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(_ca, now.AddMinutes(-1), now.AddDays(7), RandomNumberGenerator.GetBytes(16));
        return certificate.ExportCertificatePem();
    }

    [Fact]
    public void Save_writes_the_key_with_mode_0600_and_leaves_nothing_staged()
    {
        using var key = AgentCredentials.NewKey();

        Credentials().Save(key, Issue(key));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("node.key")));
        Assert.Equal(["node.crt", "node.key"], Directory.GetFiles(_data.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(Credentials().Load()!.HasPrivateKey);
    }

    [Fact]
    public void A_key_left_beside_the_old_certificate_does_not_stop_the_start()
    {
        using var oldKey = AgentCredentials.NewKey();
        using var newKey = AgentCredentials.NewKey();
        Credentials().Save(oldKey, Issue(oldKey));
        // What an agent that renamed the key before the certificate left after a power cut in between.
        File.WriteAllText(PathOf("node.key"), newKey.ExportPkcs8PrivateKeyPem());

        var credentials = Credentials();
        var loaded = credentials.Load();

        Assert.Null(loaded);
        Assert.Null(credentials.Current);
    }

    [Fact]
    public void An_unusable_pair_is_reported_with_what_is_wrong()
    {
        using var oldKey = AgentCredentials.NewKey();
        using var newKey = AgentCredentials.NewKey();
        Credentials().Save(oldKey, Issue(oldKey));
        File.WriteAllText(PathOf("node.key"), newKey.ExportPkcs8PrivateKeyPem());

        var credentials = Credentials();
        credentials.Load();

        Assert.Contains("node.crt is not the certificate of", credentials.Unusable, StringComparison.Ordinal);
        Assert.EndsWith("node.key (a certificate rotation by an older agent was cut short, or a file was replaced)", credentials.Unusable, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rotation_cut_between_its_two_renames_is_finished_at_the_next_start()
    {
        using var oldKey = AgentCredentials.NewKey();
        using var newKey = AgentCredentials.NewKey();
        Credentials().Save(oldKey, Issue(oldKey));
        var renewed = Issue(newKey);
        // The key was renamed into place; the certificate was still staged beside the old one.
        File.WriteAllText(PathOf("node.key"), newKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(PathOf("node.crt.new"), renewed);

        var loaded = Credentials().Load();

        Assert.NotNull(loaded);
        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(X509Certificate2.CreateFromPem(renewed).SerialNumber, loaded.SerialNumber);
        Assert.False(File.Exists(PathOf("node.crt.new")));
    }

    [Fact]
    public void A_rotation_staged_completely_before_a_crash_is_finished_at_the_next_start()
    {
        using var oldKey = AgentCredentials.NewKey();
        using var newKey = AgentCredentials.NewKey();
        Credentials().Save(oldKey, Issue(oldKey));
        var renewed = Issue(newKey);
        File.WriteAllText(PathOf("node.key.new"), newKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(PathOf("node.crt.new"), renewed);

        var loaded = Credentials().Load();

        Assert.Equal(X509Certificate2.CreateFromPem(renewed).SerialNumber, loaded?.SerialNumber);
        Assert.Equal(["node.crt", "node.key"], Directory.GetFiles(_data.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_rotation_cut_short_while_staged_keeps_the_previous_pair()
    {
        using var oldKey = AgentCredentials.NewKey();
        using var newKey = AgentCredentials.NewKey();
        var original = Credentials().Save(oldKey, Issue(oldKey));
        File.WriteAllText(PathOf("node.key.new"), newKey.ExportPkcs8PrivateKeyPem());

        var loaded = Credentials().Load();

        Assert.Equal(original.SerialNumber, loaded?.SerialNumber);
        Assert.True(loaded!.HasPrivateKey);
        Assert.False(File.Exists(PathOf("node.key.new")), "the staged key of a rotation that never finished is still there");
    }
}
