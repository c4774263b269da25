using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Trust;

namespace PiController.Agent.Tests.Trust;

public sealed class HubTrustTests
{
    [Fact]
    public void Server_certificate_from_the_pinned_ca_is_accepted()
    {
        using var ca = TestCertificates.Ca("pi-controller CA");
        using var server = TestCertificates.Server(ca, "hub.local");
        var trust = new HubTrust(ca);

        // The system's own verdict (untrusted root) plays no part.
        var accepted = trust.Validate(server, null, SslPolicyErrors.RemoteCertificateChainErrors);

        Assert.True(accepted);
        Assert.Null(trust.LastRefusal);
    }

    [Fact]
    public void Server_certificate_from_another_ca_is_refused_naming_both_fingerprints()
    {
        using var pinned = TestCertificates.Ca("pi-controller CA");
        using var other = TestCertificates.Ca("pi-controller CA");
        using var server = TestCertificates.Server(other, "hub.local");
        var trust = new HubTrust(pinned);

        var accepted = trust.Validate(server, null, SslPolicyErrors.None);

        Assert.False(accepted);
        Assert.Contains(HubTrust.Fingerprint(pinned), trust.LastRefusal, StringComparison.Ordinal);
        Assert.Contains(HubTrust.Fingerprint(server), trust.LastRefusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Issuer_sent_in_the_handshake_is_named_by_its_fingerprint()
    {
        using var pinned = TestCertificates.Ca("pi-controller CA");
        using var other = TestCertificates.Ca("other CA");
        using var server = TestCertificates.Server(other, "hub.local");
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(other);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.Build(server);
        var trust = new HubTrust(pinned);

        var accepted = trust.Validate(server, chain, SslPolicyErrors.None);

        Assert.False(accepted);
        Assert.Contains(HubTrust.Fingerprint(other), trust.LastRefusal, StringComparison.Ordinal);
        Assert.Contains(HubTrust.Fingerprint(pinned), trust.LastRefusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_certificate_from_the_pinned_ca_cannot_pose_as_the_hub()
    {
        using var ca = TestCertificates.Ca("pi-controller CA");
        using var node = TestCertificates.Client(ca, "10000000a3c1f2e4");
        var trust = new HubTrust(ca);

        var accepted = trust.Validate(node, null, SslPolicyErrors.None);

        Assert.False(accepted);
        Assert.Contains("10000000a3c1f2e4", trust.LastRefusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_certificate_is_refused()
    {
        using var ca = TestCertificates.Ca("pi-controller CA");
        var trust = new HubTrust(ca);

        Assert.False(trust.Validate(null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
        Assert.Equal("the hub presented no certificate", trust.LastRefusal);
    }

    [Fact]
    public void Acceptance_clears_an_earlier_refusal()
    {
        using var ca = TestCertificates.Ca("pi-controller CA");
        using var server = TestCertificates.Server(ca, "hub.local");
        var trust = new HubTrust(ca);
        trust.Validate(null, null, SslPolicyErrors.RemoteCertificateNotAvailable);

        Assert.True(trust.Validate(server, null, SslPolicyErrors.None));
        Assert.Null(trust.LastRefusal);
    }
}
