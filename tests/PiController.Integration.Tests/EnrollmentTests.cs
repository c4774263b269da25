using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using PiController.Agent.Link;
using PiController.Hub.Security;
using PiController.Protocol.Enroll;
using PiController.Protocol.Trust;

namespace PiController.Integration.Tests;

public sealed class EnrollmentTests
{
    private static async Task<RpcException> EnrollFails(HubHarness hub, string nodeId, string token, ECDsa? key = null, byte[]? csr = null)
    {
        key ??= ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var channel = hub.Channel();
        return await Assert.ThrowsAsync<RpcException>(async () => await new Enrollment.EnrollmentClient(channel).EnrollAsync(new EnrollRequest
        {
            JoinToken = token,
            NodeId = nodeId,
            CsrDer = ByteString.CopyFrom(csr ?? AgentCredentials.SigningRequest(key, nodeId)),
        }));
    }

    [Fact]
    public async Task A_valid_token_gets_a_short_lived_client_certificate_bound_to_the_node_id()
    {
        await using var hub = await HubHarness.StartAsync();
        var credentials = await hub.EnrollAsync("node-a");

        var certificate = credentials.Current!;
        Assert.Equal("CN=node-a", certificate.Subject);
        Assert.Equal("node-a", NodeIdentityClaims.NodeId(certificate));
        Assert.Contains(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>(), o => o.Value == NodeIdentityClaims.ClientAuthOid);
        Assert.DoesNotContain(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.1");
        Assert.InRange((certificate.NotAfter - certificate.NotBefore).TotalDays, 30, 30.01);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(Path.Join(hub.Options.DataDirectory, "agents", "node-a", "node.key")));
        Assert.True(certificate.HasPrivateKey);
    }

    [Fact]
    public async Task An_expired_join_token_is_refused()
    {
        await using var hub = await HubHarness.StartAsync();
        var token = hub.NewJoinToken(ttl: TimeSpan.FromHours(1));
        hub.Time.Advance(TimeSpan.FromHours(2));

        var refused = await EnrollFails(hub, "node-exp", token);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("has expired", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_used_up_join_token_is_refused()
    {
        await using var hub = await HubHarness.StartAsync();
        var token = hub.NewJoinToken(uses: 1);
        await hub.EnrollAsync("node-one", token);

        var refused = await EnrollFails(hub, "node-two", token);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("is used up", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_join_token_is_refused()
    {
        await using var hub = await HubHarness.StartAsync();
        var token = hub.NewJoinToken();
        Assert.True(hub.Get<JoinTokenStore>().Revoke(JoinToken.TryParse(token, out _)!.Id));

        var refused = await EnrollFails(hub, "node-rev", token);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("has been revoked", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_and_a_token_of_another_hub_are_refused()
    {
        await using var hub = await HubHarness.StartAsync();
        var token = hub.NewJoinToken();

        var wrong = await EnrollFails(hub, "node-x", token[..^4] + "0000");
        Assert.Contains("not known to this hub", wrong.Status.Detail, StringComparison.Ordinal);
        var other = await EnrollFails(hub, "node-x", "PIC1" + new string('e', 64) + token[68..]);
        Assert.Contains("made by another hub", other.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_pinning_a_rogue_ca_refuses_the_hub_before_sending_its_token()
    {
        await using var hub = await HubHarness.StartAsync();
        var rogue = new string('a', 64);

        var refused = await Assert.ThrowsAsync<HubTrustException>(() => new HubCaSource(hub.Address, rogue, null).GetAsync(CancellationToken.None));
        Assert.Contains($"does not match the pinned ca-fingerprint (sha256 {rogue})", refused.Message, StringComparison.Ordinal);
        Assert.Contains(hub.Ca.Fingerprint, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_csr_is_refused()
    {
        await using var hub = await HubHarness.StartAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = AgentCredentials.SigningRequest(key, "node-replay");
        using (var channel = hub.Channel())
        {
            await new Enrollment.EnrollmentClient(channel).EnrollAsync(new EnrollRequest
            {
                JoinToken = hub.NewJoinToken(), NodeId = "node-replay", CsrDer = ByteString.CopyFrom(csr),
            });
        }

        var refused = await EnrollFails(hub, "node-replay", hub.NewJoinToken(), csr: csr);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("already certified", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_enrollments_from_one_address_are_rate_limited()
    {
        await using var hub = await HubHarness.StartAsync();
        var bad = "PIC1" + hub.Ca.Fingerprint + "::000000000000.wrong";
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(StatusCode.PermissionDenied, (await EnrollFails(hub, "node-guess", bad)).StatusCode);
        }

        // Blocked now, even with a valid token, until the window passes.
        var blocked = await EnrollFails(hub, "node-guess", hub.NewJoinToken());
        Assert.Equal(StatusCode.ResourceExhausted, blocked.StatusCode);
        Assert.Contains("too many failed enrollments from 127.0.0.1", blocked.Status.Detail, StringComparison.Ordinal);
        hub.Time.Advance(TimeSpan.FromMinutes(2));
        await hub.EnrollAsync("node-guess");
    }

    [Fact]
    public async Task A_csr_for_another_name_is_refused()
    {
        await using var hub = await HubHarness.StartAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var refused = await EnrollFails(hub, "node-b", hub.NewJoinToken(), csr: AgentCredentials.SigningRequest(key, "node-a"));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("not CN=node-b", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enrolling_an_enrolled_node_id_waits_for_approval_then_replaces_the_old_key()
    {
        await using var hub = await HubHarness.StartAsync();
        var first = await hub.EnrollAsync("node-re");
        var oldSerial = first.Current!.SerialNumber;

        var second = hub.Credentials("node-re-second");
        var enroller = new Enroller(hub.Address, hub.NewJoinToken(uses: 1), "node-re", () => "pi", second);
        var waiting = await Assert.ThrowsAsync<EnrollmentPendingException>(() => enroller.EnrollAsync(hub.Trust, CancellationToken.None));
        var pending = Assert.Single(hub.Get<EnrollmentRequestStore>().Pending());
        Assert.Equal("node-re", pending.NodeId);
        var key = pending.PublicKeySha256[..16];
        Assert.Contains($"on the hub run: pi-controller nodes approve node-re --key {key}", waiting.Message, StringComparison.Ordinal);

        Assert.Equal(ApprovalOutcome.Approved, hub.Get<EnrollmentRequestStore>().Approve("node-re", key).Outcome);
        await enroller.EnrollAsync(hub.Trust, CancellationToken.None);
        Assert.NotEqual(oldSerial, second.Current!.SerialNumber);
        Assert.Empty(hub.Get<EnrollmentRequestStore>().Pending());

        var old = Assert.Throws<NodeCertificateRefusedException>(() => hub.Get<NodeCertificateStore>().Authorize(first.Current));
        Assert.Contains("has been revoked", old.Message, StringComparison.Ordinal);
        Assert.Equal("node-re", hub.Get<NodeCertificateStore>().Authorize(second.Current));
    }

    [Fact]
    public async Task A_waiting_request_keeps_its_key_and_only_the_key_the_admin_approved_gets_the_certificate()
    {
        await using var hub = await HubHarness.StartAsync();
        await hub.EnrollAsync("node-k");
        var requests = hub.Get<EnrollmentRequestStore>();

        // The real agent asks first; the admin reads its key from nodes pending (or from the agent's log).
        var legitimate = hub.Credentials("node-k-legitimate");
        var agent = new Enroller(hub.Address, hub.NewJoinToken(), "node-k", () => "pi", legitimate);
        await Assert.ThrowsAsync<EnrollmentPendingException>(() => agent.EnrollAsync(hub.Trust, CancellationToken.None));
        var seen = Assert.Single(requests.Pending());

        // Another join-token holder asks for the same node id with its own key, just before the approval.
        using var intruderKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intruderToken = hub.NewJoinToken();
        Assert.Equal(StatusCode.FailedPrecondition, (await EnrollFails(hub, "node-k", intruderToken, intruderKey)).StatusCode);
        var pending = requests.Pending();
        Assert.Equal(2, pending.Count);
        Assert.Contains(seen, pending);

        Assert.Equal(ApprovalOutcome.Approved, requests.Approve("node-k", seen.PublicKeySha256[..16]).Outcome);
        var intruder = await EnrollFails(hub, "node-k", intruderToken, intruderKey);
        Assert.Equal(StatusCode.FailedPrecondition, intruder.StatusCode);

        await agent.EnrollAsync(hub.Trust, CancellationToken.None);
        Assert.Equal(seen.PublicKeySha256, NodeIdentityClaims.PublicKeyHash(legitimate.Current!.PublicKey));
        Assert.Empty(requests.Pending());
    }

    [Fact]
    public async Task Approval_names_one_waiting_key()
    {
        await using var hub = await HubHarness.StartAsync();
        await hub.EnrollAsync("node-n");
        var requests = hub.Get<EnrollmentRequestStore>();
        Assert.Equal(ApprovalOutcome.NothingWaiting, requests.Approve("node-n", new string('a', 16)).Outcome);
        await EnrollFails(hub, "node-n", hub.NewJoinToken());
        var key = Assert.Single(requests.Pending()).PublicKeySha256;

        var wrong = requests.Approve("node-n", key[..15] + (key[15] == '0' ? '1' : '0'));
        Assert.Equal(ApprovalOutcome.NoSuchKey, wrong.Outcome);
        Assert.Contains(key[..16], wrong.Problem("node-n", "x"), StringComparison.Ordinal);
        Assert.Equal(ApprovalOutcome.Approved, requests.Approve("node-n", key.ToUpperInvariant()).Outcome);
        Assert.Equal(ApprovalOutcome.AlreadyApproved, requests.Approve("node-n", key[..16]).Outcome);
    }

    [Fact]
    public async Task Refused_re_enrollments_count_against_the_failure_limit()
    {
        await using var hub = await HubHarness.StartAsync();
        await hub.EnrollAsync("node-l");
        var token = hub.NewJoinToken();
        for (var i = 0; i < 10; i++)
        {
            var refused = await EnrollFails(hub, "node-l", token);
            if (i < EnrollmentRequestStore.MaxWaitingPerNode)
            {
                Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
            }
            else
            {
                // Not recorded: refused outright, with what the admin can do.
                Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
                Assert.Contains("pi-controller nodes rm node-l", refused.Status.Detail, StringComparison.Ordinal);
            }
        }

        var blocked = await EnrollFails(hub, "node-l", token);
        Assert.Equal(StatusCode.ResourceExhausted, blocked.StatusCode);
        Assert.Equal(EnrollmentRequestStore.MaxWaitingPerNode, hub.Get<EnrollmentRequestStore>().Pending().Count);
    }

    [Fact]
    public async Task An_agent_asking_again_about_its_waiting_request_changes_nothing_and_is_not_counted()
    {
        await using var hub = await HubHarness.StartAsync();
        await hub.EnrollAsync("node-p");
        var filter = new PiController.Hub.Events.EventFilter(new HashSet<string> { "node.status.changed" }, new HashSet<string> { "node-p" });
        using var subscription = hub.Get<PiController.Hub.Events.EventBus>().Subscribe(0, filter);
        var agent = new Enroller(hub.Address, hub.NewJoinToken(), "node-p", () => "pi", hub.Credentials("node-p-again"));
        for (var i = 0; i < 12; i++)
        {
            await Assert.ThrowsAsync<EnrollmentPendingException>(() => agent.EnrollAsync(hub.Trust, CancellationToken.None));
        }
        var request = Assert.Single(hub.Get<EnrollmentRequestStore>().Pending());
        Assert.Equal(ApprovalOutcome.Approved, hub.Get<EnrollmentRequestStore>().Approve("node-p", request.PublicKeySha256).Outcome);
        await agent.EnrollAsync(hub.Trust, CancellationToken.None);

        var changes = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var e in subscription.ReadAllAsync(timeout.Token))
        {
            changes.Add(e.Payload.GetProperty("change").GetString()!);
            if (changes.Count == 3)
            {
                break;
            }
        }
        Assert.Equal(["enrolled", "enrollment-requested", "enrolled"], changes);
    }

    [Fact]
    public async Task An_invalid_node_id_is_logged_escaped_and_capped()
    {
        var logs = new LogCapture();
        await using var hub = await HubHarness.StartAsync(logs);
        var forged = "node-x\nEnrollment of node pi-1 from 10.0.0.1 succeeded\u202e" + new string('z', 500);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var refused = await EnrollFails(hub, forged, hub.NewJoinToken(), csr: AgentCredentials.SigningRequest(key, "node-x"));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);

        Assert.DoesNotContain(logs.Lines, l => l.Contains('\n', StringComparison.Ordinal) || l.Contains('\u202e', StringComparison.Ordinal));
        var line = Assert.Single(logs.Lines, l => l.StartsWith("Enrollment of node (invalid id", StringComparison.Ordinal));
        Assert.Contains("\\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('z', 100), line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enrollments_and_a_request_waiting_for_approval_are_published_as_node_status_changes()
    {
        await using var hub = await HubHarness.StartAsync();
        var filter = new PiController.Hub.Events.EventFilter(new HashSet<string> { "node.status.changed" }, new HashSet<string> { "node-ev" });
        using var subscription = hub.Get<PiController.Hub.Events.EventBus>().Subscribe(0, filter);
        await hub.EnrollAsync("node-ev");
        var enroller = new Enroller(hub.Address, hub.NewJoinToken(uses: 1), "node-ev", () => "pi", hub.Credentials("node-ev-second"));
        await Assert.ThrowsAsync<EnrollmentPendingException>(() => enroller.EnrollAsync(hub.Trust, CancellationToken.None));
        var key = Assert.Single(hub.Get<EnrollmentRequestStore>().Pending()).PublicKeySha256;
        Assert.Equal(ApprovalOutcome.Approved, hub.Get<EnrollmentRequestStore>().Approve("node-ev", key[..16]).Outcome);
        await enroller.EnrollAsync(hub.Trust, CancellationToken.None);

        var changes = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var e in subscription.ReadAllAsync(timeout.Token))
        {
            changes.Add(e.Payload.GetProperty("change").GetString()!);
            if (changes.Count == 3)
            {
                break;
            }
        }

        Assert.Equal(["enrolled", "enrollment-requested", "enrolled"], changes);
    }
}
