using Grpc.Core;
using PiController.Hub.Hosting;
using PiController.Hub.Nodes;
using PiController.Hub.Security;
using PiController.Hub.State;
using PiController.Protocol.Link;

namespace PiController.Hub.Agents;

/// <summary>
/// The hub's end of <c>AgentLink.Connect</c>: expects Hello first, binds the node id, answers Welcome, then reads
/// heartbeats and command results until the agent ends the stream. One reader (this method), one writer (the
/// session's writer task).
/// </summary>
internal sealed class AgentLinkService(
    AgentRegistry registry, NodeStore nodes, NodeCertificateStore certificates, NodeCertificateIssuer issuer, HubDatabase database,
    HubOptions options, ILogger<AgentLinkService> logger, Hardware.HardwareEventFeed hardwareEvents, Events.NodeEvents nodeEvents, TimeProvider time,
    Resources.ReconcileQueue reconcile)
    : AgentLink.AgentLinkBase
{
    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<HubMessage> responseStream, ServerCallContext context)
    {
        var aborted = context.CancellationToken;
        var connection = context.GetHttpContext().Connection;
        var remote = connection.RemoteIpAddress?.ToString() ?? context.Peer;
        // The node id comes from the client certificate, never from a message field.
        var certificate = connection.ClientCertificate;
        var nodeId = Authorize(certificate, remote);
        // The certificate is accepted: say so before Hello, so a client knows its credentials passed.
        await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
        var hello = await ReadHelloAsync(requestStream, aborted).ConfigureAwait(false);
        if (hello.NodeId != nodeId)
        {
            var reason = $"this agent's certificate is for node {nodeId}, but its Hello claims node {hello.NodeId}";
            AgentLog.Refused(logger, nodeId, remote, reason);
            throw new RpcException(new Status(StatusCode.PermissionDenied, reason));
        }

        AgentSession session;
        try
        {
            // Checked again now, under the node's gate and in the transaction that records the Hello: the node may
            // have been revoked or removed while this stream waited for Hello, and revocation closes only the
            // streams that are attached (it commits, then takes the gate to close them).
            session = registry.Attach(hello.NodeId, hello.InstanceId, remote, () =>
                certificates.Admit(certificate!, (db, transaction) => nodes.RecordHello(hello, remote, db, transaction)));
        }
        catch (NodeCertificateRefusedException e)
        {
            AgentLog.Refused(logger, nodeId, remote, e.Message);
            throw new RpcException(new Status(StatusCode.Unauthenticated, e.Message));
        }
        catch (NodeClaimException e)
        {
            AgentLog.Refused(logger, hello.NodeId, remote, e.Message);
            throw new RpcException(new Status(StatusCode.AlreadyExists, e.Message));
        }
        using var attached = session;
        AgentLog.Connected(logger, hello.NodeId, remote, hello.AgentVersion);
        nodeEvents.Connected(hello, remote);
        var ended = "the agent ended the stream";
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, session.Closed);
        var writer = Task.CompletedTask;
        try
        {
            await responseStream.WriteAsync(new HubMessage
            {
                Welcome = new Welcome { HeartbeatIntervalMs = (uint)options.HeartbeatInterval.TotalMilliseconds, HubVersion = HubVersion.Current },
            }, linked.Token).ConfigureAwait(false);
            writer = session.RunWriterAsync(responseStream, linked.Token);
            // Compare what the agent holds with its resources, now that commands can reach it.
            reconcile.Enqueue(hello.NodeId);
            while (await requestStream.MoveNext(linked.Token).ConfigureAwait(false))
            {
                var message = requestStream.Current;
                switch (message.BodyCase)
                {
                    case AgentMessage.BodyOneofCase.Result:
                        registry.Complete(hello.NodeId, message.Result);
                        break;
                    case AgentMessage.BodyOneofCase.Heartbeat:
                        nodes.RecordHeartbeat(hello.NodeId, message.Heartbeat.Metrics ?? new Metrics());
                        break;
                    case AgentMessage.BodyOneofCase.RenewCertificate:
                        await RenewAsync(session, certificate!, message.RenewCertificate, linked.Token).ConfigureAwait(false);
                        break;
                    case AgentMessage.BodyOneofCase.HardwareChanged:
                        AgentReports.Clean(message.HardwareChanged);
                        var previous = nodes.Hardware(hello.NodeId);
                        nodes.RecordHardware(hello.NodeId, message.HardwareChanged);
                        nodeEvents.HardwareChanged(hello.NodeId, previous, message.HardwareChanged);
                        break;
                    case AgentMessage.BodyOneofCase.HardwareEvents:
                        await hardwareEvents.RecordAsync(hello.NodeId, message.HardwareEvents, linked.Token).ConfigureAwait(false);
                        break;
                    case AgentMessage.BodyOneofCase.Hello:
                        throw new RpcException(new Status(StatusCode.InvalidArgument, "Hello may be sent only once per stream"));
                    default:
                        throw new RpcException(new Status(StatusCode.InvalidArgument, $"unknown message {message.BodyCase}; is the agent newer than the hub?"));
                }
            }
        }
        catch (OperationCanceledException) when (session.Closed.IsCancellationRequested && !aborted.IsCancellationRequested)
        {
            // Closed by the hub: superseded by a newer stream, node deleted, or hub stopping.
            ended = "closed by the hub (node deleted or revoked, or the hub is stopping)";
        }
        catch (IOException) when (aborted.IsCancellationRequested)
        {
            // The agent's connection went away.
            ended = "the connection was lost";
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or IOException)
        {
            ended = aborted.IsCancellationRequested ? "the connection was lost" : e.Message;
            throw;
        }
        finally
        {
            session.Close();
            try
            {
                await writer.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException or RpcException)
            {
                // The stream is gone; the writer ends with it.
            }
            if (registry.Detach(session))
            {
                nodes.RecordDisconnect(hello.NodeId);
                nodeEvents.Disconnected(hello.NodeId, remote, time.GetUtcNow() - session.ConnectedAt, ended);
                reconcile.Enqueue(hello.NodeId);
            }
            AgentLog.Disconnected(logger, hello.NodeId, remote);
        }
    }

    private string Authorize(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate, string remote)
    {
        if (certificate is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "the agent link needs the client certificate an agent gets at enrollment: give pi-agent a join token (token = PIC1... in agent.conf; pi-controller token create makes one)"));
        }
        try
        {
            return certificates.Authorize(certificate);
        }
        catch (NodeCertificateRefusedException e)
        {
            // Unauthenticated: these credentials are no longer good; an agent with a join token enrolls again.
            AgentLog.Refused(logger, NodeIdentityClaims.NodeId(certificate) ?? certificate.Subject, remote, e.Message);
            throw new RpcException(new Status(StatusCode.Unauthenticated, e.Message));
        }
    }

    /// <summary>
    /// Signs a new certificate for a key the agent just made, and sends it down the same stream. Refused when the
    /// stream's certificate or its node was revoked meanwhile: then the stream ends.
    /// </summary>
    private async Task RenewAsync(AgentSession session, System.Security.Cryptography.X509Certificates.X509Certificate2 current, CertificateRenewal renewal, CancellationToken cancellationToken)
    {
        System.Security.Cryptography.X509Certificates.X509Certificate2 certificate;
        try
        {
            var request = NodeCertificateIssuer.ParseRequest(renewal.CsrDer.ToByteArray(), session.NodeId);
            using var connection = database.Open();
            using var transaction = connection.BeginTransaction();
            NodeCertificateStore.EnsureMayRenew(current, connection, transaction);
            certificate = issuer.Issue(request, session.NodeId, connection, transaction);
            transaction.Commit();
        }
        catch (CertificateRequestException e)
        {
            AgentLog.Refused(logger, session.NodeId, session.RemoteAddress, "certificate renewal: " + e.Message);
            return;
        }
        catch (NodeCertificateRefusedException e)
        {
            AgentLog.Refused(logger, session.NodeId, session.RemoteAddress, "certificate renewal: " + e.Message);
            throw new RpcException(new Status(StatusCode.Unauthenticated, e.Message));
        }
        SecurityLog.Renewed(logger, session.NodeId, certificate.SerialNumber, certificate.NotAfter);
        await session.EnqueueAsync(new HubMessage { CertificateIssued = new CertificateIssued { CertificatePem = certificate.ExportCertificatePem() } }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Hello> ReadHelloAsync(IAsyncStreamReader<AgentMessage> requestStream, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(options.HelloTimeout);
        bool any;
        try
        {
            any = await requestStream.MoveNext(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"no Hello within {options.HelloTimeout.TotalSeconds:0} s"));
        }
        if (!any || requestStream.Current.BodyCase != AgentMessage.BodyOneofCase.Hello)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the first message on the agent link must be Hello"));
        }
        var hello = requestStream.Current.Hello;
        if (NodeIdRules.Check(hello.NodeId) is { } problem)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, problem));
        }
        if (!Guid.TryParseExact(hello.InstanceId, "N", out _))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Hello.instance_id must be 32 hex digits"));
        }
        AgentReports.Clean(hello);
        return hello;
    }
}
