using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Events;
using PiController.Hub.State;

namespace PiController.Hub.Tests.Events;

/// <summary>A started <see cref="EventBus"/> over a real SQLite file in a temp directory, on a fake clock.</summary>
internal sealed class EventBusFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();

    public EventBusFixture()
    {
        Database = _directory.MigratedDatabase();
        Store = new EventStore(Database);
        Bus = new EventBus(Store, Time, NullLogger<EventBus>.Instance);
        Bus.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public HubDatabase Database { get; }

    public EventStore Store { get; }

    public EventBus Bus { get; }

    public ValueTask PublishAsync(string type, string? nodeId, int bcm) =>
        Bus.PublishAsync(type, nodeId, Gpio(bcm), EventsJsonContext.Default.GpioStateChangedPayload);

    public static GpioStateChangedPayload Gpio(int bcm) => new(bcm, true, "output", null, "api", null, null, null);

    /// <summary>Publishes <paramref name="count"/> events and returns once the bus has stored and fanned them out.</summary>
    public async Task<IReadOnlyList<HubEvent>> PublishAndWaitAsync(int count, string type = EventTypes.GpioStateChanged, string? nodeId = "node-a")
    {
        using var witness = Bus.Subscribe(null, EventFilter.All);
        for (var i = 0; i < count; i++)
        {
            await PublishAsync(type, nodeId, i);
        }
        return await TakeAsync(witness, count);
    }

    public static async Task<List<HubEvent>> TakeAsync(EventSubscription subscription, int count)
    {
        var events = new List<HubEvent>(count);
        if (count == 0)
        {
            return events;
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var e in subscription.ReadAllAsync(timeout.Token))
        {
            events.Add(e);
            if (events.Count == count)
            {
                break;
            }
        }
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await Bus.StopAsync(CancellationToken.None);
        _directory.Dispose();
    }
}
