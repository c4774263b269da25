using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Security;

public sealed class CertificateAuthorityTests : IDisposable
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void First_start_writes_the_certificates_and_the_keys_sealed_readable_by_the_owner_only()
    {
        CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);

        foreach (var name in new[] { "ca.crt", "ca.key.enc", "server.crt", "server.key.enc", "secret.key" })
        {
            Assert.True(File.Exists(_directory.File(name)), $"{name} is missing");
        }
        foreach (var name in new[] { "ca.key.enc", "server.key.enc", "secret.key" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_directory.File(name)));
        }
        Assert.False(File.Exists(_directory.File("ca.key")));
        Assert.False(File.Exists(_directory.File("server.key")));
        Assert.Empty(Directory.GetFiles(_directory.Path, "*.tmp"));
    }

    [Fact]
    public void No_private_key_is_written_in_clear()
    {
        var authority = CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);

        foreach (var key in new[] { authority.Certificate.GetECDsaPrivateKey()!, authority.ServerCertificate.GetECDsaPrivateKey()! })
        {
            var d = key.ExportParameters(includePrivateParameters: true).D!;
            var pkcs8 = key.ExportPkcs8PrivateKey();
            foreach (var path in Directory.GetFiles(_directory.Path))
            {
                var bytes = File.ReadAllBytes(path);
                Assert.True(bytes.AsSpan().IndexOf(d) < 0, $"{path} holds a private key");
                Assert.True(bytes.AsSpan().IndexOf(pkcs8) < 0, $"{path} holds a private key (PKCS#8)");
                Assert.DoesNotContain("PRIVATE KEY", System.Text.Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Plaintext_keys_of_an_older_hub_are_sealed_and_removed_keeping_the_same_CA()
    {
        var first = CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);
        // What a hub before sealed keys left behind.
        File.WriteAllText(_directory.File("ca.key"), first.Certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(_directory.File("server.key"), first.ServerCertificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.Delete(_directory.File("ca.key.enc"));
        File.Delete(_directory.File("server.key.enc"));

        var migrated = CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);

        Assert.Equal(first.Fingerprint, migrated.Fingerprint);
        Assert.Equal(first.ServerCertificate.SerialNumber, migrated.ServerCertificate.SerialNumber);
        Assert.False(File.Exists(_directory.File("ca.key")), "the plaintext CA key is still there");
        Assert.False(File.Exists(_directory.File("server.key")), "the plaintext server key is still there");
        Assert.True(File.Exists(_directory.File("ca.key.enc")));
        var again = CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);
        Assert.Equal(first.Fingerprint, again.Fingerprint);
        Assert.True(again.Certificate.HasPrivateKey);
    }

    [Fact]
    public void A_CA_key_sealed_under_another_secret_key_stops_the_start_with_a_clear_message()
    {
        CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);
        File.Delete(_directory.File("secret.key"));

        var refused = Assert.Throws<InvalidOperationException>(() => CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System));

        Assert.Contains("ca.key.enc cannot be opened", refused.Message, StringComparison.Ordinal);
        Assert.Contains("sealed with another key", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_start_reuses_the_same_CA_and_server_certificate()
    {
        var first = CertificateAuthority.LoadOrCreate(_directory.Path, ["hub.example.lan"], TimeProvider.System);

        var second = CertificateAuthority.LoadOrCreate(_directory.Path, ["hub.example.lan"], TimeProvider.System);

        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(first.ServerCertificate.SerialNumber, second.ServerCertificate.SerialNumber);
        Assert.True(second.Certificate.HasPrivateKey);
        Assert.True(second.ServerCertificate.HasPrivateKey);
    }

    [Fact]
    public void The_server_certificate_is_for_server_auth_names_the_hub_and_chains_to_the_CA()
    {
        var authority = CertificateAuthority.LoadOrCreate(_directory.Path, ["hub.example.lan", "10.77.0.9"], TimeProvider.System);
        var server = authority.ServerCertificate;

        var usage = Assert.Single(server.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Contains(usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(), oid => oid.Value == ServerAuth);
        var san = Assert.Single(server.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        var dnsNames = san.EnumerateDnsNames().ToList();
        var addresses = san.EnumerateIPAddresses().ToList();
        Assert.Contains("localhost", dnsNames);
        Assert.Contains("hub.example.lan", dnsNames);
        Assert.Contains(IPAddress.Loopback, addresses);
        Assert.Contains(IPAddress.Parse("10.77.0.9"), addresses);
        Assert.True(ChainsTo(server, authority.Certificate, DateTime.UtcNow), "server certificate does not chain to the hub CA");
    }

    [Theory]
    [InlineData("ca.key.enc")]
    [InlineData("ca.crt")]
    public void A_data_directory_with_only_one_half_of_the_CA_is_refused(string missing)
    {
        CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);
        File.Delete(_directory.File(missing));

        var refused = Assert.Throws<InvalidOperationException>(() => CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System));

        Assert.Contains("only one of ca.crt and ca.key.enc", refused.Message, StringComparison.Ordinal);
        Assert.Contains("restore both from a backup", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File(missing)), "a half CA must not be completed with a new one");
    }

    [Fact]
    public void A_server_certificate_near_expiry_is_reissued_from_the_same_CA()
    {
        var start = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var first = CertificateAuthority.LoadOrCreate(_directory.Path, [], start);
        var nearExpiry = new FakeTimeProvider(new DateTimeOffset(first.ServerCertificate.NotAfter.ToUniversalTime()).AddDays(-10));

        var later = CertificateAuthority.LoadOrCreate(_directory.Path, [], nearExpiry);

        Assert.Equal(first.Fingerprint, later.Fingerprint);
        Assert.NotEqual(first.ServerCertificate.SerialNumber, later.ServerCertificate.SerialNumber);
        Assert.True(later.ServerCertificate.NotAfter > first.ServerCertificate.NotAfter.AddDays(300));
        Assert.True(ChainsTo(later.ServerCertificate, later.Certificate, nearExpiry.GetUtcNow().UtcDateTime));
        using var onDisk = X509CertificateLoader.LoadCertificateFromFile(_directory.File("server.crt"));
        Assert.Equal(later.ServerCertificate.SerialNumber, onDisk.SerialNumber);
    }

    [Fact]
    public void A_new_server_name_reissues_the_server_certificate()
    {
        var first = CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);

        var renamed = CertificateAuthority.LoadOrCreate(_directory.Path, ["pi-hub.example.lan"], TimeProvider.System);

        Assert.NotEqual(first.ServerCertificate.SerialNumber, renamed.ServerCertificate.SerialNumber);
        var san = Assert.Single(renamed.ServerCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Contains("pi-hub.example.lan", san.EnumerateDnsNames());
    }

    [Fact]
    public void A_server_key_left_beside_another_certificate_by_a_crash_gets_a_new_certificate_and_the_hub_starts()
    {
        var first = CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);
        // What a crash between the two renames of a server certificate renewal left behind: the new key, the old certificate.
        using var otherKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        File.WriteAllBytes(_directory.File("server.key.enc"), SecretBox.LoadOrCreate(_directory.Path).Seal(otherKey.ExportPkcs8PrivateKey(), "server.key"));

        var restarted = CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);

        Assert.Equal(first.Fingerprint, restarted.Fingerprint);
        Assert.NotEqual(first.ServerCertificate.SerialNumber, restarted.ServerCertificate.SerialNumber);
        Assert.True(ChainsTo(restarted.ServerCertificate, restarted.Certificate, DateTime.UtcNow));
        var again = CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);
        Assert.Equal(restarted.ServerCertificate.SerialNumber, again.ServerCertificate.SerialNumber);
        Assert.True(again.ServerCertificate.HasPrivateKey);
    }

    [Fact]
    public void The_reason_a_server_certificate_was_issued_again_is_told_to_the_operator()
    {
        CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);
        File.WriteAllText(_directory.File("server.crt"), "-----BEGIN CERTIFICATE-----\ntruncated\n");

        var restarted = CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);

        Assert.NotNull(restarted.ServerReissued);
        Assert.True(restarted.ServerCertificate.HasPrivateKey);
    }

    [Fact]
    public void A_CA_whose_first_start_crashed_between_its_two_renames_is_completed_at_the_next_start()
    {
        var first = CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);
        // The key was renamed into place; the certificate was still staged.
        File.Move(_directory.File("ca.crt"), _directory.File("ca.crt.new"));

        var restarted = CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);

        Assert.Equal(first.Fingerprint, restarted.Fingerprint);
        Assert.True(File.Exists(_directory.File("ca.crt")));
        Assert.False(File.Exists(_directory.File("ca.crt.new")));
    }

    private static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 ca, DateTime at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ServerAuth));
        return chain.Build(leaf) && chain.ChainElements[^1].Certificate.RawData.SequenceEqual(ca.RawData);
    }
}
