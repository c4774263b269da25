using PiController.Hub.Events;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Events;

public sealed class NodeEventsTests : IAsyncLifetime
{
    private readonly EventBusFixture _f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private static HardwareReport Report(bool throttled, int gpioChips)
    {
        var report = new HardwareReport { Throttling = new ThrottleState { ThrottledNow = throttled, UnderVoltageOccurred = true } };
        for (var i = 0; i < gpioChips; i++)
        {
            report.GpioChips.Add(new GpioChip());
        }
        return report;
    }

    [Fact]
    public async Task A_new_hardware_report_says_throttling_or_hardware_depending_on_what_changed()
    {
        using var witness = _f.Bus.Subscribe(null, EventFilter.All);
        var events = new NodeEvents(_f.Bus);

        events.HardwareChanged("a", Report(false, 1), Report(true, 1));
        events.HardwareChanged("a", Report(true, 1), Report(true, 2));
        events.HardwareChanged("a", Report(true, 2), Report(true, 2));
        events.HardwareChanged("a", null, new HardwareReport());
        var published = await EventBusFixture.TakeAsync(witness, 3);

        var throttling = published[0].Payload;
        Assert.Equal("throttling", throttling.GetProperty("change").GetString());
        Assert.Equal("under-voltage-occurred", throttling.GetProperty("from").GetString());
        Assert.Equal("throttled-now,under-voltage-occurred", throttling.GetProperty("to").GetString());
        Assert.Equal("hardware", published[1].Payload.GetProperty("change").GetString());
        Assert.Contains("2 GPIO chip(s)", published[1].Payload.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The unchanged report published nothing; a first report with no throttling state at all goes from unknown.
        Assert.Equal("hardware", published[2].Payload.GetProperty("change").GetString());
        Assert.Equal(3, _f.Store.LastId());
    }
}
