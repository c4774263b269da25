using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PiController.Hub.Api;
using PiController.Hub.Kube.Client;

namespace PiController.Hub.Tests.Kube.Client;

public sealed class KubeconfigTests
{
    private static readonly string Ca = Base64(SelfSigned(RSA.Create(2048), "ca").ExportCertificatePem());

    [Fact]
    public void A_token_kubeconfig_gives_the_server_the_ca_and_the_token()
    {
        var credentials = Kubeconfig.Parse(Config("    token: abc.def\n"));
        Assert.Equal(new Uri("https://10.0.0.5:6443"), credentials.Server);
        Assert.Equal("abc.def", credentials.Token);
        Assert.Null(credentials.ClientCertificatePem);
        Assert.DoesNotContain("abc.def", credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_rsa_client_certificate_and_key_load()
    {
        using var key = RSA.Create(2048);
        var certificate = SelfSigned(key, "admin");
        var credentials = Kubeconfig.Parse(Config($"    client-certificate-data: {Base64(certificate.ExportCertificatePem())}\n    client-key-data: {Base64(key.ExportPkcs8PrivateKeyPem())}\n"));
        _ = new KubeTls(credentials);
        Assert.Contains("BEGIN CERTIFICATE", credentials.ClientCertificatePem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    client-certificate: /etc/passwd\n    client-key: /etc/shadow\n", "names files")]
    [InlineData("    username: admin\n", "neither a client certificate and key nor a token")]
    [InlineData("    client-certificate-data: bm90\n", "without its key")]
    [InlineData("    auth-provider:\n      name: gcp\n", "credential plugin")]
    public void A_user_the_hub_cannot_hold_sealed_is_refused(string user, string why)
    {
        var refused = Assert.Throws<HubException>(() => Kubeconfig.Parse(Config(user)));
        Assert.Equal(HubErrorKind.Invalid, refused.Kind);
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skipping_tls_verification_or_plain_http_is_refused()
    {
        Assert.Contains("insecure-skip-tls-verify", Assert.Throws<HubException>(() =>
            Kubeconfig.Parse(Config("    token: t\n").Replace("    server:", "    insecure-skip-tls-verify: true\n    server:", StringComparison.Ordinal))).Message, StringComparison.Ordinal);
        Assert.Contains("not an https URL", Assert.Throws<HubException>(() =>
            Kubeconfig.Parse(Config("    token: t\n").Replace("https://", "http://", StringComparison.Ordinal))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_a_kubeconfig_is_refused_with_the_line()
    {
        var refused = Assert.Throws<HubException>(() => Kubeconfig.Parse("clusters: [\n  - {"));
        Assert.StartsWith("the kubeconfig cannot be used: it is not YAML (line", refused.Message, StringComparison.Ordinal);
    }

    private static string Config(string user) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: https://10.0.0.5:6443
            certificate-authority-data: {Ca}
        contexts:
        - name: x
          context: {"{cluster: c, user: u}"}
        current-context: x
        users:
        - name: u
          user:

        """ + user;

    private static X509Certificate2 SelfSigned(RSA key, string name) =>
        new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
