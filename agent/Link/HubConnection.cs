using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using PiController.Agent.Discovery;
using PiController.Agent.Hardware.Control;
using PiController.Agent.Hardware.Probe;
using PiController.Protocol.Link;
using PiController.Protocol.Retry;
using PiController.Protocol.Trust;

namespace PiController.Agent.Link;

/// <summary>What the agent tells the hub about itself on every connect.</summary>
internal sealed record AgentIdentity(
    string NodeId, string InstanceId, Func<SystemInfo> System, Func<Metrics> Metrics, Func<HardwareReport> Hardware);

/// <summary>
/// The agent's one stream to the hub. It dials, says Hello, then runs one reader (commands in) and one writer
/// (results and heartbeats out, through a bounded channel). When the stream ends it reconnects with exponential
/// backoff and full jitter, for as long as the agent runs. A hub found by mDNS is looked for again after
/// <see cref="HubRediscovery.FailuresBeforeBrowse"/> attempts in a row that did not reach it (it may have a new
/// address); a hub address given in the configuration is never replaced.
/// </summary>
internal sealed class HubConnection(
    Uri hub, HubCaSource caSource, AgentIdentity identity, CommandDispatcher dispatcher,
    AgentCredentials credentials, Enroller? enroller, Backoff backoff, TimeProvider time, ILogger logger, HardwareEventQueue? hardwareEvents = null,
    HubRediscovery? rediscovery = null)
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(2);
    private static readonly WriteOptions BufferHint = new(WriteFlags.BufferHint);
    private static readonly TimeSpan HardwareRecheck = TimeSpan.FromSeconds(30);
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>Raised each time the hub has accepted the Hello.</summary>
    public event Action? Connected;

    public static GrpcChannel CreateChannel(Uri hub, HubTrust trust, X509Certificate2 clientCertificate) =>
        GrpcChannel.ForAddress(hub, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                // HTTP/2 keepalive: a dead hub or a cut link is noticed within about 25 s even when idle.
                KeepAlivePingDelay = TimeSpan.FromSeconds(15),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                EnableMultipleHttp2Connections = false,
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, chain, errors) => trust.Validate(certificate, chain, errors),
                    // mTLS: the hub takes the node id from this certificate, never from a message field.
                    ClientCertificates = new X509CertificateCollection { clientCertificate },
                },
            },
            DisposeHttpClient = true,
        });

    public async Task RunAsync(CancellationToken stopping)
    {
        GrpcChannel? channel = null;
        HubTrust? trust = null;
        X509Certificate2? channelCertificate = null;
        AgentLink.AgentLinkClient? client = null;
        var attempt = 0;
        // Set when the hub no longer accepts this agent's certificate (its node was removed or revoked).
        var enrollAgain = false;
        var unreachable = 0;
        while (!stopping.IsCancellationRequested)
        {
            string reason;
            var refused = false;
            try
            {
                trust ??= await caSource.GetAsync(stopping).ConfigureAwait(false);
                if (credentials.Current is null || credentials.IsExpired || enrollAgain)
                {
                    if (enroller is null)
                    {
                        throw new HubTrustException(credentials.Current is null
                            ? "this agent is not enrolled and has no join token: set token = PIC1... in the config (pi-controller token create makes one)"
                            : $"this agent's certificate expired on {credentials.Current.NotAfter:u}; give it a join token to enroll again (the hub asks an admin to approve)");
                    }
                    await enroller.EnrollAsync(trust, stopping).ConfigureAwait(false);
                    enrollAgain = false;
                    LinkLog.Enrolled(logger, hub, identity.NodeId, credentials.Current!.NotAfter);
                }
                if (client is null || channelCertificate != credentials.Current)
                {
                    channel?.Dispose();
                    channelCertificate = credentials.Current!;
                    channel = CreateChannel(hub, trust, channelCertificate);
                    client = new AgentLink.AgentLinkClient(channel);
                }
                if (await RunSessionAsync(client, stopping).ConfigureAwait(false))
                {
                    attempt = 0;
                    unreachable = 0;
                }
                if (stopping.IsCancellationRequested)
                {
                    break;
                }
                if (channelCertificate != credentials.Current)
                {
                    // Rotated: reconnect at once with the new certificate.
                    continue;
                }
                reason = "the hub ended the stream";
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (RpcException e) when (stopping.IsCancellationRequested && e.StatusCode == StatusCode.Cancelled)
            {
                break;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated && credentials.Current is not null)
            {
                // The hub no longer accepts this certificate: enroll again (with the same join token), which
                // either gets a certificate or waits for an admin's approval.
                refused = true;
                enrollAgain = enroller is not null;
                reason = enroller is not null
                    ? $"{e.Status.Detail}; enrolling again"
                    : $"{e.Status.Detail}; this agent has no join token to enroll again with: set token = PIC1... in its config (pi-controller token create makes one) and restart it";
            }
            catch (EnrollmentPendingException e)
            {
                refused = true;
                reason = e.Message;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.AlreadyExists or StatusCode.PermissionDenied
                                              or StatusCode.FailedPrecondition or StatusCode.InvalidArgument or StatusCode.Unauthenticated)
            {
                refused = true;
                reason = e.Status.Detail;
            }
            catch (HubTrustException e)
            {
                refused = true;
                reason = e.Message;
            }
            catch (RpcException e)
            {
                reason = trust?.LastRefusal ?? Describe(e);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException or TaskCanceledException && !stopping.IsCancellationRequested)
            {
                reason = trust?.LastRefusal ?? Innermost(e).Message;
            }

            var delay = backoff.Next(attempt);
            if (refused)
            {
                // The hub answered: its address is right.
                unreachable = 0;
                LinkLog.Refused(logger, hub, reason, delay);
            }
            else
            {
                LinkLog.Unreachable(logger, hub, reason, delay, attempt + 1);
                unreachable++;
            }
            attempt++;
            if (rediscovery is not null && !refused && unreachable % rediscovery.FailuresBeforeBrowse == 0
                && await BrowseAsync(rediscovery, unreachable, stopping).ConfigureAwait(false) is { } moved)
            {
                hub = moved;
                caSource.MoveTo(moved);
                enroller?.MoveTo(moved);
                channel?.Dispose();
                channel = null;
                client = null;
                attempt = 0;
                continue;
            }
            try
            {
                await Task.Delay(delay, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        channel?.Dispose();
        LinkLog.Closed(logger, hub);
    }

    /// <summary>The hub's new address by mDNS, or null (none, the same, or the agent is stopping).</summary>
    private async Task<Uri?> BrowseAsync(HubRediscovery rediscovery, int failures, CancellationToken stopping)
    {
        try
        {
            return await rediscovery.BrowseAsync(hub, failures, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }

    private static string Describe(RpcException e) =>
        e.Status.DebugException is { } debug ? Innermost(debug).Message : e.Status.Detail;

    /// <summary>One stream, from Hello to its end. Returns true when the hub accepted the Hello.</summary>
    private async Task<bool> RunSessionAsync(AgentLink.AgentLinkClient client, CancellationToken stopping)
    {
        using var session = new CancellationTokenSource();
        using var call = client.Connect(cancellationToken: session.Token);
        var outbox = Channel.CreateBounded<AgentMessage>(new BoundedChannelOptions(1024)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Stopping completes the outbox: the writer drains it and half-closes the stream, the hub ends its
        // side, and the reader below sees the end. The grace timer covers a hub that never answers.
        using var onStop = stopping.Register(() =>
        {
            outbox.Writer.TryComplete();
            session.CancelAfter(ShutdownGrace);
        });

        var hardware = new HardwareChanges(identity.Hardware);
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            Hello = new Hello
            {
                NodeId = identity.NodeId,
                InstanceId = identity.InstanceId,
                AgentVersion = AgentVersion.Current,
                System = identity.System(),
                Metrics = identity.Metrics(),
                Hardware = hardware.Baseline(),
            },
        }, session.Token).ConfigureAwait(false);

        if (!await call.ResponseStream.MoveNext(session.Token).ConfigureAwait(false))
        {
            return false;
        }
        var welcome = call.ResponseStream.Current.Welcome
            ?? throw new InvalidOperationException("the hub did not answer Hello with Welcome");
        LinkLog.Connected(logger, hub, identity.NodeId, (long)Stopwatch.GetElapsedTime(_started).TotalMilliseconds);
        Connected?.Invoke();

        var writer = WriteAsync(call.RequestStream, outbox.Reader, session.Token);
        var rotation = new CertificateRotation(credentials, identity.NodeId);
        var heartbeats = HeartbeatAsync(outbox.Writer, rotation, TimeSpan.FromMilliseconds(Math.Max(100, welcome.HeartbeatIntervalMs)), session.Token);
        var hardwareWatch = WatchHardwareAsync(outbox.Writer, hardware, session.Token);
        var eventPump = hardwareEvents?.PumpAsync(outbox.Writer, session.Token) ?? Task.CompletedTask;
        try
        {
            while (await call.ResponseStream.MoveNext(session.Token).ConfigureAwait(false))
            {
                var message = call.ResponseStream.Current;
                if (message.BodyCase == HubMessage.BodyOneofCase.CertificateIssued)
                {
                    if (rotation.Complete(message.CertificateIssued.CertificatePem) is { } renewed)
                    {
                        LinkLog.Rotated(logger, identity.NodeId, renewed.NotAfter);
                        // End this stream gracefully; the loop reconnects with the new certificate.
                        outbox.Writer.TryComplete();
                    }
                }
                else if (message.BodyCase == HubMessage.BodyOneofCase.Command)
                {
                    var pending = dispatcher.HandleAsync(message.Command);
                    if (!pending.IsCompleted)
                    {
                        _ = ReplyLaterAsync(pending, outbox.Writer, session.Token);
                        continue;
                    }
                    var result = await pending.ConfigureAwait(false);
                    if (result is not null && !outbox.Writer.TryWrite(new AgentMessage { Result = result }))
                    {
                        await TryWriteAsync(outbox.Writer, new AgentMessage { Result = result }, session.Token).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (RpcException e) when (!stopping.IsCancellationRequested && e.StatusCode != StatusCode.Cancelled)
        {
            LinkLog.Lost(logger, hub, Describe(e));
        }
        finally
        {
            outbox.Writer.TryComplete();
            await session.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(Quiet(writer), Quiet(heartbeats), Quiet(hardwareWatch), Quiet(eventPump)).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>Sends the result of a command that completes after the reader moved on (hardware commands).</summary>
    private static async Task ReplyLaterAsync(ValueTask<CommandResult?> pending, ChannelWriter<AgentMessage> outbox, CancellationToken token)
    {
        try
        {
            if (await pending.ConfigureAwait(false) is { } result)
            {
                await TryWriteAsync(outbox, new AgentMessage { Result = result }, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The stream ended first; the journal answers the hub's re-send after the reconnect.
        }
    }

    private static async Task TryWriteAsync(ChannelWriter<AgentMessage> writer, AgentMessage message, CancellationToken token)
    {
        try
        {
            await writer.WriteAsync(message, token).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // Shutting down: the hub re-sends unanswered commands after the reconnect.
        }
    }

    private static async Task WriteAsync(IClientStreamWriter<AgentMessage> stream, ChannelReader<AgentMessage> outbox, CancellationToken token)
    {
        while (await outbox.WaitToReadAsync(token).ConfigureAwait(false))
        {
            while (outbox.TryRead(out var message))
            {
                // Buffer all but the last queued message so one flush carries the batch.
                stream.WriteOptions = outbox.Count > 0 ? BufferHint : null;
                await stream.WriteAsync(message, token).ConfigureAwait(false);
            }
        }
        await stream.CompleteAsync().ConfigureAwait(false);
    }

    private async Task HeartbeatAsync(ChannelWriter<AgentMessage> outbox, CertificateRotation rotation, TimeSpan interval, CancellationToken token)
    {
        using var timer = new PeriodicTimer(interval, time);
        if (rotation.Start() is { } renewal)
        {
            outbox.TryWrite(new AgentMessage { RenewCertificate = renewal });
        }
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
        {
            if (rotation.Start() is { } due)
            {
                outbox.TryWrite(new AgentMessage { RenewCertificate = due });
            }
            var heartbeat = new Heartbeat { SentAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()), Metrics = identity.Metrics() };
            // A full outbox means the hub is not reading; skipping a heartbeat loses nothing.
            outbox.TryWrite(new AgentMessage { Heartbeat = heartbeat });
        }
    }

    private async Task WatchHardwareAsync(ChannelWriter<AgentMessage> outbox, HardwareChanges hardware, CancellationToken token)
    {
        using var timer = new PeriodicTimer(HardwareRecheck, time);
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
        {
            // Not recorded as sent when the outbox is full: the next check offers it again.
            if (hardware.Poll() is { } changed && outbox.TryWrite(new AgentMessage { HardwareChanged = changed }))
            {
                hardware.Sent(changed);
            }
        }
    }

    private static async Task Quiet(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException or ChannelClosedException or InvalidOperationException or IOException)
        {
            // The session is over; its tasks end however they end.
        }
    }
}
