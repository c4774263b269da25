using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Grpc.Core;
using PiController.Protocol.Link;

namespace PiController.Hub.Agents;

/// <summary>
/// One open agent stream on the hub. Producers enqueue into a bounded channel; exactly one writer task drains it
/// into the response stream, because gRPC stream writes are not thread-safe.
/// </summary>
internal sealed class AgentSession(string nodeId, string instanceId, string remoteAddress, DateTimeOffset connectedAt, X509Certificate2? certificate = null) : IDisposable
{
    private readonly Channel<HubMessage> _outbox = Channel.CreateBounded<HubMessage>(new BoundedChannelOptions(4096)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly CancellationTokenSource _closed = new();

    public string NodeId { get; } = nodeId;
    public string InstanceId { get; } = instanceId;
    public string RemoteAddress { get; } = remoteAddress;
    public DateTimeOffset ConnectedAt { get; } = connectedAt;

    /// <summary>The client certificate the stream was opened with (the one a renewal replaces); null in tests without TLS.</summary>
    public X509Certificate2? Certificate { get; } = certificate;

    /// <summary>Cancelled when the hub ends this session (superseded, node deleted, hub stopping).</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Queues a message; throws <see cref="ChannelClosedException"/> once the session has ended.</summary>
    public ValueTask EnqueueAsync(HubMessage message, CancellationToken cancellationToken) =>
        _outbox.Writer.TryWrite(message) ? ValueTask.CompletedTask : _outbox.Writer.WriteAsync(message, cancellationToken);

    public bool TryEnqueue(HubMessage message) => _outbox.Writer.TryWrite(message);

    /// <summary>The queued messages; read only by <see cref="RunWriterAsync"/>, or by a test standing in for it.</summary>
    internal ChannelReader<HubMessage> Outbox => _outbox.Reader;

    public async Task RunWriterAsync(IServerStreamWriter<HubMessage> stream, CancellationToken cancellationToken)
    {
        var reader = _outbox.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var message))
            {
                // Under load many commands are queued at once: buffer all but the last, so one flush (one TLS
                // record, one syscall) carries the batch. A lone command is flushed at once.
                stream.WriteOptions = reader.Count > 0 ? BufferHint : null;
                await stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static readonly WriteOptions BufferHint = new(WriteFlags.BufferHint);

    public void Close()
    {
        _outbox.Writer.TryComplete();
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed by the stream's own end.
        }
    }

    public void Dispose() => _closed.Dispose();
}
