using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using PiController.Hub.Hardware;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Hardware;

public sealed class HardwareEventLogTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static HardwareEventLog Log() => new(TimeProvider.System, NullLogger<HardwareEventLog>.Instance);

    private static PinEvent Edge(uint bcm, GpioEdge edge, int second) =>
        new() { Bcm = bcm, Edge = edge, At = Timestamp.FromDateTimeOffset(At.AddSeconds(second)), MonotonicNs = second * 1_000_000_000L };

    [Fact]
    public void Events_are_kept_per_node_in_order_and_filtered_by_pin()
    {
        var log = Log();
        log.Record("a", new HardwareEvents { PinEvents = { Edge(27, GpioEdge.Rising, 1), Edge(22, GpioEdge.Falling, 2), Edge(27, GpioEdge.Falling, 3) } });
        log.Record("b", new HardwareEvents { PinEvents = { Edge(5, GpioEdge.Rising, 4) } });

        var a = log.PinEvents("a", 27, 100);

        Assert.Equal(["rising", "falling"], a.Events.Select(e => e.Edge));
        Assert.Equal([At.AddSeconds(1), At.AddSeconds(3)], a.Events.Select(e => e.At));
        Assert.Single(log.PinEvents("b", null, 100).Events);
        Assert.Empty(log.PinEvents("unknown", null, 100).Events);
    }

    [Fact]
    public void The_log_is_bounded_and_keeps_the_newest()
    {
        var log = Log();
        var batch = new HardwareEvents();
        for (var i = 0; i < HardwareEventLog.Capacity + 10; i++)
        {
            batch.PinEvents.Add(Edge(17, GpioEdge.Rising, i));
        }

        log.Record("a", batch);
        var kept = log.PinEvents("a", null, HardwareEventLog.Capacity).Events;

        Assert.Equal(HardwareEventLog.Capacity, kept.Count);
        Assert.Equal(At.AddSeconds(10), kept[0].At);
    }

    [Fact]
    public void Drops_reported_by_the_agent_are_counted_and_readings_kept()
    {
        var log = Log();
        var reading = new SensorReading { Bus = 1, Address = 0x76, Device = "bme280", At = Timestamp.FromDateTimeOffset(At) };
        reading.Values["temperature_celsius"] = 21.5;

        log.Record("a", new HardwareEvents { Dropped = 7, Readings = { reading } });

        Assert.Equal(7, log.PinEvents("a", null, 10).Dropped);
        var kept = Assert.Single(log.Readings("a", 10).Readings);
        Assert.Equal("0x76", kept.Address);
        Assert.Equal(21.5, kept.Values["temperature_celsius"]);
    }
}
