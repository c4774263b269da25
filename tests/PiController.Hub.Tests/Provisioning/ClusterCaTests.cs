using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Tests.Provisioning;

public sealed class ClusterCaTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 20, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<ClusterCa> Shared = new(() => ClusterCa.Create(Now));

    private static ClusterCa Ca => Shared.Value;

    [Fact]
    public void The_server_files_are_exactly_the_eleven_K3s_requires_with_keys_readable_by_root_only()
    {
        var files = Ca.ServerFiles();

        Assert.Equal(
        [
            "server-ca.crt", "server-ca.key", "client-ca.crt", "client-ca.key", "request-header-ca.crt", "request-header-ca.key",
            "etcd/peer-ca.crt", "etcd/peer-ca.key", "etcd/server-ca.crt", "etcd/server-ca.key", "service.key",
        ], files.Select(f => f.Path[(ClusterCa.TlsDirectory.Length + 1)..]));
        Assert.All(files.Where(f => f.Path.EndsWith(".key", StringComparison.Ordinal)), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, f.Mode));
        Assert.All(files.Where(f => f.Path.EndsWith(".crt", StringComparison.Ordinal)), f => Assert.Equal((UnixFileMode)0b110_100_100, f.Mode));
        Assert.All(files.Where(f => f.Path.EndsWith(".key", StringComparison.Ordinal)), f => Assert.Equal("********\n", f.Content.Masked));
    }

    [Fact]
    public void Each_CA_file_holds_its_CA_then_the_intermediate_then_the_root_and_its_key_matches_its_certificate()
    {
        foreach (var name in ClusterCa.LeafNames)
        {
            var chain = Certificates(File(name + ".crt"));
            Assert.Equal(3, chain.Count);
            Assert.StartsWith($"CN=k3s-{name.Replace('/', '-')}@{Now.ToUnixTimeSeconds()}", chain[0].Subject, StringComparison.Ordinal);
            Assert.Equal($"CN=k3s-intermediate-ca@{Now.ToUnixTimeSeconds()}", chain[1].Subject);
            Assert.Equal($"CN=k3s-root-ca@{Now.ToUnixTimeSeconds()}", chain[2].Subject);
            Assert.True(chain[0].Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
            using var key = ECDsa.Create();
            key.ImportFromPem(File(name + ".key"));
            using var paired = chain[0].CopyWithPrivateKey(key);
            Assert.True(paired.HasPrivateKey);
            Assert.Equal("EC PRIVATE KEY", File(name + ".key").Split('\n')[0]["-----BEGIN ".Length..^"-----".Length]);
        }
    }

    [Fact]
    public void Every_CA_chains_to_the_root_and_not_to_another_clusters_root()
    {
        var other = ClusterCa.Create(Now);
        foreach (var name in ClusterCa.LeafNames)
        {
            var chain = Certificates(File(name + ".crt"));
            Assert.True(Verifies(chain[0], chain[2], chain[1]), $"{name} does not chain to the root");
            Assert.False(Verifies(chain[0], Certificates(other.Root.CertificatePem)[0], chain[1]), $"{name} chains to another cluster's root");
        }
    }

    [Fact]
    public void A_server_certificate_signed_by_the_server_CA_verifies_against_the_bundle_a_joining_node_downloads()
    {
        var bundle = Certificates(Encoding.ASCII.GetString(Ca.ServerCaBundle));
        using var caKey = ECDsa.Create();
        caKey.ImportFromPem(File("server-ca.key"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=k3s", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = request.Create(bundle[0].SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), Now, Now.AddDays(365), [1, 2, 3]);

        Assert.True(Verifies(server, bundle[2], bundle[0], bundle[1]));
    }

    [Fact]
    public void The_service_account_key_is_an_RSA_key_in_PKCS1_as_the_K3s_script_writes_it()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File("service.key"));
        Assert.Equal(2048, rsa.KeySize);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----\n", File("service.key"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_hash_is_the_roots_SHA256_fingerprint_because_the_bundle_holds_a_chain()
    {
        var root = Certificates(Ca.Root.CertificatePem)[0];

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(root.RawData)), Ca.Hash);
        Assert.Equal(Ca.Hash, CaBundleHash.Compute(Encoding.ASCII.GetBytes(File("server-ca.crt"))));
    }

    [Fact]
    public void A_bundle_of_one_certificate_hashes_as_its_literal_bytes_as_K3s_self_signed_CA_does()
    {
        var single = Encoding.ASCII.GetBytes(Ca.Root.CertificatePem);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(single)), CaBundleHash.Compute(single));
    }

    [Fact]
    public void A_bundle_whose_chain_does_not_build_hashes_as_its_literal_bytes()
    {
        var other = ClusterCa.Create(Now);
        var broken = Encoding.ASCII.GetBytes(Ca.Leaves[0].Pair.CertificatePem + other.Root.CertificatePem);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(broken)), CaBundleHash.Compute(broken));
    }

    [Fact]
    public void Renewing_the_CAs_below_the_same_root_keeps_the_hash()
    {
        var bundle = Encoding.ASCII.GetBytes(Ca.Leaves[0].Pair.CertificatePem + Ca.Intermediate.CertificatePem + Ca.Root.CertificatePem);
        var intermediateOnly = Encoding.ASCII.GetBytes(Ca.Intermediate.CertificatePem + Ca.Root.CertificatePem);

        Assert.Equal(Ca.Hash, CaBundleHash.Compute(bundle));
        Assert.Equal(Ca.Hash, CaBundleHash.Compute(intermediateOnly));
    }

    [Fact]
    public void The_root_and_intermediate_keys_are_not_among_the_files_a_server_gets()
    {
        var contents = Ca.ServerFiles().Select(f => f.Content.Reveal()).ToList();

        Assert.DoesNotContain(contents, c => c.Contains(Ca.Root.KeyPem, StringComparison.Ordinal));
        Assert.DoesNotContain(contents, c => c.Contains(Ca.Intermediate.KeyPem, StringComparison.Ordinal));
        Assert.DoesNotContain("PRIVATE", Ca.Root.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", Ca.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", string.Join("\n", Ca.ServerFiles()), StringComparison.Ordinal);
    }

    private static string File(string name) => Ca.ServerFiles().Single(f => f.Path == $"{ClusterCa.TlsDirectory}/{name}").Content.Reveal();

    private static List<X509Certificate2> Certificates(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return [.. collection];
    }

    private static bool Verifies(X509Certificate2 leaf, X509Certificate2 root, params X509Certificate2[] intermediates)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Now.UtcDateTime.AddDays(1);
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        return chain.Build(leaf);
    }
}
