using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using PiController.Agent.Link;
using PiController.Hub.Agents;
using PiController.Hub.Nodes;
using PiController.Hub.State;
using PiController.Protocol.Link;
using PiController.Protocol.Retry;

namespace PiController.Integration.Tests;

public sealed class AgentLinkSecurityTests
{
    private static AgentIdentity Identity(string nodeId) =>
        new(nodeId, Guid.NewGuid().ToString("N"), () => new SystemInfo { Board = "sim" }, () => new Metrics(), () => new HardwareReport());

    /// <summary>Opens the agent link with a certificate and sends Hello; returns the first hub message or throws.</summary>
    private static async Task<HubMessage> HelloAsync(HubHarness hub, X509Certificate2? certificate, string nodeId)
    {
        using var channel = hub.Channel(certificate);
        using var call = new AgentLink.AgentLinkClient(channel).Connect();
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            Hello = new Hello { NodeId = nodeId, InstanceId = Guid.NewGuid().ToString("N"), AgentVersion = "test", System = new SystemInfo() },
        });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var first = call.ResponseStream.Current;
        await call.RequestStream.CompleteAsync();
        return first;
    }

    /// <summary>The hub ends the TLS connection: the client sees the connection fail, never a Welcome.</summary>
    private static async Task RefusedAtHandshake(Func<Task> hello)
    {
        var error = await Record.ExceptionAsync(hello);
        // Depending on when the client notices the closed connection: Unavailable, or Internal with the
        // "did not complete the HTTP/2 handshake" error, or the raw IOException from the request stream.
        var refused = error is RpcException { StatusCode: StatusCode.Unavailable } or IOException
            || error is RpcException { StatusCode: StatusCode.Internal } internalError && internalError.Status.Detail.Contains("HTTP/2 handshake", StringComparison.Ordinal);
        Assert.True(refused, $"expected the connection to be refused, got {error}");
    }

    [Fact]
    public async Task The_link_refuses_a_caller_without_a_client_certificate()
    {
        await using var hub = await HubHarness.StartAsync();
        var refused = await Assert.ThrowsAsync<RpcException>(() => HelloAsync(hub, null, "node-a"));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("join token", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_node_id_comes_from_the_certificate_not_from_hello()
    {
        await using var hub = await HubHarness.StartAsync();
        var a = await hub.EnrollAsync("node-a");
        await hub.EnrollAsync("node-b");

        Assert.NotNull((await HelloAsync(hub, a.Current, "node-a")).Welcome);
        var refused = await Assert.ThrowsAsync<RpcException>(() => HelloAsync(hub, a.Current, "node-b"));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("certificate is for node node-a, but its Hello claims node node-b", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_past_expiry_is_refused_at_the_handshake()
    {
        await using var hub = await HubHarness.StartAsync();
        var credentials = await hub.EnrollAsync("node-old");
        Assert.NotNull((await HelloAsync(hub, credentials.Current, "node-old")).Welcome);

        hub.Time.Advance(TimeSpan.FromDays(31));
        Assert.True(credentials.IsExpired);
        await RefusedAtHandshake(() => HelloAsync(hub, credentials.Current, "node-old"));
        Assert.False(hub.Get<AgentRegistry>().IsConnected("node-old"));
    }

    [Fact]
    public async Task A_certificate_from_another_ca_is_refused_at_the_handshake()
    {
        await using var hub = await HubHarness.StartAsync();
        await using var other = await HubHarness.StartAsync();
        var foreign = await other.EnrollAsync("node-f");

        await RefusedAtHandshake(() => HelloAsync(hub, foreign.Current, "node-f"));
        Assert.False(hub.Get<AgentRegistry>().IsConnected("node-f"));
    }

    [Fact]
    public async Task A_node_revoked_while_its_stream_is_open_is_cut_off_and_refused_from_then_on()
    {
        await using var hub = await HubHarness.StartAsync();
        var credentials = await hub.EnrollAsync("node-r");
        using var stop = new CancellationTokenSource();
        var connection = new HubConnection(hub.Address, HubCaSource.Known(hub.Address, hub.Ca.Certificate), Identity("node-r"),
            new CommandDispatcher(new CommandJournal(), TimeProvider.System), credentials, null, Backoff.LinkReconnect(), TimeProvider.System, NullLogger.Instance);
        var connected = new TaskCompletionSource();
        connection.Connected += () => connected.TrySetResult();
        var run = connection.RunAsync(stop.Token);
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var registry = hub.Get<AgentRegistry>();
        Assert.True(registry.IsConnected("node-r"));

        Assert.Equal(1, hub.Get<NodeService>().Revoke("node-r"));
        for (var i = 0; i < 100 && registry.IsConnected("node-r"); i++)
        {
            await Task.Delay(50);
        }
        Assert.False(registry.IsConnected("node-r"));

        var refused = await Assert.ThrowsAsync<RpcException>(() => HelloAsync(hub, credentials.Current, "node-r"));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("node node-r has been revoked", refused.Status.Detail, StringComparison.Ordinal);
        Assert.False(registry.IsConnected("node-r"));
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task The_certificate_rotates_over_the_stream_after_two_thirds_of_its_lifetime()
    {
        await using var hub = await HubHarness.StartAsync();
        var credentials = await hub.EnrollAsync("node-rot");
        var original = credentials.Current!;
        Assert.False(credentials.RenewalDue);
        hub.Time.Advance(TimeSpan.FromDays(19));
        Assert.False(credentials.RenewalDue);
        hub.Time.Advance(TimeSpan.FromDays(2));
        Assert.True(credentials.RenewalDue);

        using var stop = new CancellationTokenSource();
        var connection = new HubConnection(hub.Address, HubCaSource.Known(hub.Address, hub.Ca.Certificate), Identity("node-rot"),
            new CommandDispatcher(new CommandJournal(), TimeProvider.System), credentials, null, Backoff.LinkReconnect(), TimeProvider.System, NullLogger.Instance);
        var connects = 0;
        var reconnected = new TaskCompletionSource();
        connection.Connected += () =>
        {
            if (Interlocked.Increment(ref connects) == 2)
            {
                reconnected.TrySetResult();
            }
        };
        var run = connection.RunAsync(stop.Token);
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var renewed = credentials.Current!;
        Assert.NotEqual(original.SerialNumber, renewed.SerialNumber);
        Assert.NotEqual(original.GetPublicKeyString(), renewed.GetPublicKeyString());
        Assert.False(credentials.RenewalDue);
        Assert.Equal("node-rot", hub.Get<PiController.Hub.Security.NodeCertificateStore>().Authorize(renewed));
        // The renewed certificate has been used, so the one it replaced is revoked.
        var retired = Assert.Throws<PiController.Hub.Security.NodeCertificateRefusedException>(() => hub.Get<PiController.Hub.Security.NodeCertificateStore>().Authorize(original));
        Assert.Contains($"certificate {original.SerialNumber} of node node-rot has been revoked", retired.Message, StringComparison.Ordinal);
        using (var db = hub.Get<HubDatabase>().Open())
        using (var count = db.CreateCommand())
        {
            count.CommandText = "SELECT COUNT(*) FROM node_certificates WHERE node_id = 'node-rot'";
            Assert.Equal(2L, (long)count.ExecuteScalar()!);
        }
        await stop.CancelAsync();
        await run;
    }

    [Theory]
    [InlineData("revoke")]
    [InlineData("rm")]
    public async Task A_stream_that_has_not_said_hello_when_its_node_is_revoked_or_removed_is_refused_at_attach(string action)
    {
        await using var hub = await HubHarness.StartAsync();
        var credentials = await hub.EnrollAsync("node-race");
        using var channel = hub.Channel(credentials.Current);
        using var call = new AgentLink.AgentLinkClient(channel).Connect();
        // The hub answers the headers once the certificate passed its check; the stream now waits for Hello.
        await call.ResponseHeadersAsync.WaitAsync(TimeSpan.FromSeconds(30));

        var nodes = hub.Get<NodeService>();
        if (action == "rm")
        {
            nodes.Delete("node-race");
        }
        else
        {
            Assert.Equal(1, nodes.Revoke("node-race"));
        }
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            Hello = new Hello { NodeId = "node-race", InstanceId = Guid.NewGuid().ToString("N"), AgentVersion = "test", System = new SystemInfo() },
        });

        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains(action == "rm" ? "node node-race was removed" : "node node-race has been revoked", refused.Status.Detail, StringComparison.Ordinal);
        Assert.False(hub.Get<AgentRegistry>().IsConnected("node-race"));
        if (action == "rm")
        {
            Assert.Equal(PiController.Hub.Api.HubErrorKind.NotFound, Assert.Throws<PiController.Hub.Api.HubException>(() => nodes.Get("node-race")).Kind);
        }
    }

    [Fact]
    public async Task A_revoked_node_cannot_renew_its_certificate_over_a_stream_still_open()
    {
        await using var hub = await HubHarness.StartAsync();
        var credentials = await hub.EnrollAsync("node-renew");
        using var channel = hub.Channel(credentials.Current);
        using var call = new AgentLink.AgentLinkClient(channel).Connect();
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            Hello = new Hello { NodeId = "node-renew", InstanceId = Guid.NewGuid().ToString("N"), AgentVersion = "test", System = new SystemInfo() },
        });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.NotNull(call.ResponseStream.Current.Welcome);

        // Revoked in the store; the stream has not been closed yet (the moment between the two).
        using (var revocation = hub.Get<HubDatabase>().Begin())
        {
            Assert.True(hub.Get<NodeStore>().MarkRevoked("node-renew"));
            Assert.Equal(1, hub.Get<PiController.Hub.Security.NodeCertificateStore>().RevokeAll("node-renew"));
            revocation.Commit();
        }
        using var key = AgentCredentials.NewKey();
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            RenewCertificate = new CertificateRenewal { CsrDer = Google.Protobuf.ByteString.CopyFrom(AgentCredentials.SigningRequest(key, "node-renew")) },
        });

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                Assert.NotEqual(HubMessage.BodyOneofCase.CertificateIssued, call.ResponseStream.Current.BodyCase);
            }
        });
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        using var db = hub.Get<HubDatabase>().Open();
        using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM node_certificates WHERE node_id = 'node-renew'";
        Assert.Equal(1L, (long)count.ExecuteScalar()!);
    }

    [Fact]
    public async Task What_an_agent_reports_about_itself_is_capped_and_its_control_and_bidi_characters_escaped()
    {
        await using var hub = await HubHarness.StartAsync();
        var credentials = await hub.EnrollAsync("node-text");
        using var channel = hub.Channel(credentials.Current);
        using var call = new AgentLink.AgentLinkClient(channel).Connect();
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            Hello = new Hello
            {
                NodeId = "node-text", InstanceId = Guid.NewGuid().ToString("N"), AgentVersion = "1.0\u001b[2J",
                System = new SystemInfo { Hostname = "pi\u202egnp.exe\nnode pi-9 connected", Kernel = new string('k', 100_000), Model = "Pi 4\u200b" },
            },
        });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        await call.RequestStream.CompleteAsync();

        var node = hub.Get<NodeService>().Get("node-text");
        Assert.Equal("pi\\u202egnp.exe\\nnode pi-9 connected", node.Hostname);
        Assert.Equal("1.0\\x1b[2J", node.AgentVersion);
        Assert.Equal("Pi 4\\u200b", node.Model);
        Assert.Equal(PiController.Hub.Agents.AgentReports.MaxField, node.Kernel.Length);
        Assert.EndsWith("…", node.Kernel, StringComparison.Ordinal);
    }
}
