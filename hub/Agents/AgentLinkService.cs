using System.Collections.Frozen;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using PiController.Protocol.Link;

namespace PiController.Hub.Agents;

/// <summary>
/// The hub's end of <c>AgentLink.Connect</c>: expects Hello first, admits the node (<see cref="IAgentAdmission"/>),
/// answers Welcome, then reads until the agent ends the stream. Command results go to the registry; every other
/// message goes to the feature that registered its kind (<see cref="IAgentMessageHandler"/>). One reader (this
/// method), one writer (the session's writer task).
/// </summary>
internal sealed class AgentLinkService : AgentLink.AgentLinkBase
{
    private readonly AgentRegistry _registry;
    private readonly IAgentAdmission _admission;
    private readonly IReadOnlyList<IAgentConnections> _connections;
    private readonly FrozenDictionary<AgentMessage.BodyOneofCase, IAgentMessageHandler> _handlers;
    private readonly AgentLinkOptions _options;
    private readonly ILogger<AgentLinkService> _logger;

    public AgentLinkService(AgentRegistry registry, IAgentAdmission admission, IEnumerable<IAgentConnections> connections,
        IEnumerable<IAgentMessageHandler> handlers, AgentLinkOptions options, ILogger<AgentLinkService> logger)
    {
        _registry = registry;
        _admission = admission;
        _connections = connections.ToList();
        _handlers = Route(handlers);
        _options = options;
        _logger = logger;
    }

    /// <summary>Each message kind to its one handler; two handlers for one kind is a composition mistake, refused at start.</summary>
    private static FrozenDictionary<AgentMessage.BodyOneofCase, IAgentMessageHandler> Route(IEnumerable<IAgentMessageHandler> handlers)
    {
        var routes = new Dictionary<AgentMessage.BodyOneofCase, IAgentMessageHandler>();
        foreach (var handler in handlers)
        {
            foreach (var kind in handler.Handles)
            {
                if (kind is AgentMessage.BodyOneofCase.Hello or AgentMessage.BodyOneofCase.Result or AgentMessage.BodyOneofCase.None || !routes.TryAdd(kind, handler))
                {
                    throw new InvalidOperationException($"agent message {kind} cannot be handled by {handler.GetType().Name}: the link or {routes.GetValueOrDefault(kind)?.GetType().Name} owns it");
                }
            }
        }
        return routes.ToFrozenDictionary();
    }

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
            AgentLog.Refused(_logger, nodeId, remote, reason);
            throw new RpcException(new Status(StatusCode.PermissionDenied, reason));
        }

        AgentSession session;
        try
        {
            // Checked again now, under the node's gate and in the transaction that records the Hello: the node may
            // have been revoked or removed while this stream waited for Hello, and revocation closes only the
            // streams that are attached (it commits, then takes the gate to close them).
            session = _registry.Attach(hello.NodeId, hello.InstanceId, remote, () => _admission.Admit(certificate!, hello, remote), certificate);
        }
        catch (AgentRefusedException e)
        {
            AgentLog.Refused(_logger, hello.NodeId, remote, e.Message);
            throw new RpcException(new Status(e.Status, e.Message));
        }
        using var attached = session;
        AgentLog.Connected(_logger, hello.NodeId, remote, hello.AgentVersion);
        foreach (var observer in _connections)
        {
            observer.Connected(session, hello);
        }
        var ended = "the agent ended the stream";
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, session.Closed);
        var writer = Task.CompletedTask;
        try
        {
            await responseStream.WriteAsync(new HubMessage
            {
                Welcome = new Welcome { HeartbeatIntervalMs = (uint)_options.HeartbeatInterval.TotalMilliseconds, HubVersion = _options.HubVersion },
            }, linked.Token).ConfigureAwait(false);
            writer = session.RunWriterAsync(responseStream, linked.Token);
            while (await requestStream.MoveNext(linked.Token).ConfigureAwait(false))
            {
                await DispatchAsync(session, requestStream.Current, linked.Token).ConfigureAwait(false);
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
        catch (AgentRefusedException e)
        {
            ended = e.Message;
            throw new RpcException(new Status(e.Status, e.Message));
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
            if (_registry.Detach(session))
            {
                foreach (var observer in _connections)
                {
                    observer.Disconnected(session, ended);
                }
            }
            AgentLog.Disconnected(_logger, hello.NodeId, remote);
        }
    }

    private ValueTask DispatchAsync(AgentSession session, AgentMessage message, CancellationToken cancellationToken)
    {
        if (message.BodyCase == AgentMessage.BodyOneofCase.Result)
        {
            _registry.Complete(session.NodeId, message.Result);
            return ValueTask.CompletedTask;
        }
        if (_handlers.TryGetValue(message.BodyCase, out var handler))
        {
            return handler.HandleAsync(session, message, cancellationToken);
        }
        throw new RpcException(new Status(StatusCode.InvalidArgument, message.BodyCase == AgentMessage.BodyOneofCase.Hello
            ? "Hello may be sent only once per stream"
            : $"unknown message {message.BodyCase}; is the agent newer than the hub?"));
    }

    private string Authorize(X509Certificate2? certificate, string remote)
    {
        if (certificate is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "the agent link needs the client certificate an agent gets at enrollment: give pi-agent a join token (token = PIC1... in agent.conf; pi-controller token create makes one)"));
        }
        try
        {
            return _admission.Authorize(certificate);
        }
        catch (AgentRefusedException e)
        {
            // Unauthenticated: these credentials are no longer good; an agent with a join token enrolls again.
            AgentLog.Refused(_logger, e.NodeId ?? certificate.Subject, remote, e.Message);
            throw new RpcException(new Status(e.Status, e.Message));
        }
    }

    private async Task<Hello> ReadHelloAsync(IAsyncStreamReader<AgentMessage> requestStream, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(_options.HelloTimeout);
        bool any;
        try
        {
            any = await requestStream.MoveNext(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"no Hello within {_options.HelloTimeout.TotalSeconds:0} s"));
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
