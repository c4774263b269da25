using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
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

    [Fact]
    public async Task An_endless_cacerts_answer_is_cut_at_64_KiB_with_an_error_that_says_so()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        using var serverCertificate = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(now.AddMinutes(-1), now.AddDays(1));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(stop.Token);
            using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(serverCertificate);
            var request = new byte[4096];
            _ = await tls.ReadAsync(request, stop.Token);
            await tls.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"u8.ToArray(), stop.Token);
            var chunk = new byte[16 * 1024];
            Array.Fill(chunk, (byte)'A');
            try
            {
                // An answer without end (bounded here at 64 MiB), as a wrong or hostile server may send.
                for (var sent = 0; sent < 4096 && !stop.IsCancellationRequested; sent++)
                {
                    await tls.WriteAsync(chunk, stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // The agent hung up: what this test wants.
            }
        });
        var hub = new Uri($"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

        var refused = await Assert.ThrowsAsync<HubTrustException>(() => HubTrust.FetchCaAsync(hub, new string('0', 64), stop.Token));

        Assert.Contains("more than 64 KiB", refused.Message, StringComparison.Ordinal);
        await stop.CancelAsync();
        await server;
    }
}
