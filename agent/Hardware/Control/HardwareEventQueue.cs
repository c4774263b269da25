using System.Threading.Channels;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Control;

/// <summary>
/// Pin edges and sensor readings on their way to the hub. Producers (driver callbacks, sensor timers) never
/// block: the queue is bounded and drops its oldest entries when the link has been down long enough to fill it,
/// counting what it dropped. Whichever stream is up drains it in batches.
/// </summary>
internal sealed class HardwareEventQueue
{
    private const int MaxBatch = 256;
    private readonly Channel<object> _events;
    private long _dropped;
    private long _droppedReported;

    public HardwareEventQueue(int capacity = 4096)
    {
        _events = Channel.CreateBounded<object>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped));
    }

    public void Add(PinEvent pinEvent) => _events.Writer.TryWrite(pinEvent);

    public void Add(SensorReading reading) => _events.Writer.TryWrite(reading);

    /// <summary>Takes what is queued, up to one batch; null when nothing is.</summary>
    public HardwareEvents? TakeBatch()
    {
        HardwareEvents? batch = null;
        while (batch is null || batch.PinEvents.Count + batch.Readings.Count < MaxBatch)
        {
            if (!_events.Reader.TryRead(out var item))
            {
                break;
            }
            batch ??= new HardwareEvents();
            if (item is PinEvent pin)
            {
                batch.PinEvents.Add(pin);
            }
            else if (item is SensorReading reading)
            {
                batch.Readings.Add(reading);
            }
        }
        if (batch is not null)
        {
            var dropped = Interlocked.Read(ref _dropped);
            batch.Dropped = (uint)Math.Min(uint.MaxValue, dropped - _droppedReported);
            _droppedReported = dropped;
        }
        return batch;
    }

    /// <summary>Forwards batches into a stream's outbox until the stream ends.</summary>
    public async Task PumpAsync(ChannelWriter<AgentMessage> outbox, CancellationToken cancellationToken)
    {
        while (await _events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (TakeBatch() is { } batch)
            {
                await outbox.WriteAsync(new AgentMessage { HardwareEvents = batch }, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
