using Grpc.Core;
using PiController.Hub.Hosting;
using PiController.Hub.Nodes;
using PiController.Protocol.Link;

namespace PiController.Hub.Agents;

/// <summary>
/// The hub's end of <c>AgentLink.Connect</c>: expects Hello first, binds the node id, answers Welcome, then reads
/// heartbeats and command results until the agent ends the stream. One reader (this method), one writer (the
/// session's writer task).
/// </summary>
internal sealed class AgentLinkService(AgentRegistry registry, NodeStore nodes, HubOptions options, ILogger<AgentLinkService> logger, Hardware.HardwareEventLog hardwareEvents)
    : AgentLink.AgentLinkBase
{
    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<HubMessage> responseStream, ServerCallContext context)
    {
        var aborted = context.CancellationToken;
        var hello = await ReadHelloAsync(requestStream, aborted).ConfigureAwait(false);
        var remote = context.GetHttpContext().Connection.RemoteIpAddress?.ToString() ?? context.Peer;
        try
        {
            nodes.RecordHello(hello, remote);
        }
        catch (NodeClaimException e)
        {
            AgentLog.Refused(logger, hello.NodeId, remote, e.Message);
            throw new RpcException(new Status(StatusCode.AlreadyExists, e.Message));
        }

        using var session = registry.Attach(hello.NodeId, hello.InstanceId, remote);
        AgentLog.Connected(logger, hello.NodeId, remote, hello.AgentVersion);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, session.Closed);
        var writer = Task.CompletedTask;
        try
        {
            await responseStream.WriteAsync(new HubMessage
            {
                Welcome = new Welcome { HeartbeatIntervalMs = (uint)options.HeartbeatInterval.TotalMilliseconds, HubVersion = HubVersion.Current },
            }, linked.Token).ConfigureAwait(false);
            writer = session.RunWriterAsync(responseStream, linked.Token);
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
                    case AgentMessage.BodyOneofCase.HardwareChanged:
                        nodes.RecordHardware(hello.NodeId, message.HardwareChanged);
                        break;
                    case AgentMessage.BodyOneofCase.HardwareEvents:
                        hardwareEvents.Record(hello.NodeId, message.HardwareEvents);
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
        }
        catch (IOException) when (aborted.IsCancellationRequested)
        {
            // The agent's connection went away.
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
            }
            AgentLog.Disconnected(logger, hello.NodeId, remote);
        }
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
        return hello;
    }
}
