using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Events;

namespace PiController.Hub.Tests.Events;

/// <summary>The row cap beside age retention: a flood of young events cannot grow the table past serve --event-max-rows.</summary>
public sealed class EventRetentionServiceTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly EventStore _store;
    private readonly FakeTimeProvider _time = new(EventBusFixture.Start);

    public EventRetentionServiceTests() => _store = new EventStore(_directory.MigratedDatabase());

    public void Dispose() => _directory.Dispose();

    private IReadOnlyList<HubEvent> Append(int count) =>
        _store.Append(Enumerable.Range(0, count).Select(i => new PendingEvent(EventTypes.GpioStateChanged, "node-a", _time.GetUtcNow(), JsonDocument.Parse($$"""{"n":{{i}}}""").RootElement.Clone())).ToList());

    [Fact]
    public void The_row_cap_keeps_the_newest_rows_however_young_the_others_are()
    {
        var stored = Append(30);

        var removed = _store.DeleteOverCap(10);

        Assert.Equal(20, removed);
        Assert.Equal(stored[20].Id, _store.FirstId());
        Assert.Equal(stored[^1].Id, _store.LastId());
        Assert.Equal(0, _store.DeleteOverCap(10));
        Assert.Equal(0, _store.DeleteOverCap(1_000));
    }

    [Fact]
    public async Task The_service_enforces_the_cap_every_minute_on_the_hubs_clock()
    {
        var limits = new EventLimits(TimeSpan.FromDays(7), 1_000);
        using var service = new EventRetentionService(_store, limits, _time, NullLogger<EventRetentionService>.Instance);
        await service.StartAsync(CancellationToken.None);
        var stored = Append(2_500);

        _time.Advance(EventRetentionService.CapPeriod);
        for (var i = 0; i < 300 && _store.FirstId() != stored[1_500].Id; i++)
        {
            await Task.Delay(20);
        }
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(stored[1_500].Id, _store.FirstId());
        Assert.Equal(1_000, _store.LastId() - _store.FirstId() + 1);
    }
}
