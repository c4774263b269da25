using Google.Protobuf.WellKnownTypes;
using Link = PiController.Protocol.Link;
using V1 = PiController.Protocol.Api;

namespace PiController.Hub.Hardware;

/// <summary>
/// The one place the public gRPC contract (picontroller.api.v1, <see cref="V1"/>) meets the agent link's messages
/// (<see cref="Link"/>): requests into link operations, link results and stored events into answers.
/// </summary>
internal static class HardwareProtoMapping
{
    public static Link.GpioConfigure ToLink(V1.ConfigureGpioRequest r)
    {
        var configure = new Link.GpioConfigure
        {
            Pin = r.Pin,
            Mode = (Link.GpioMode)r.Mode,
            Pull = (Link.GpioPull)r.Pull,
            ActiveLow = r.ActiveLow,
            Edge = (Link.GpioEdge)r.Edge,
            DebounceMs = r.DebounceMs,
        };
        if (r.HasInitialHigh)
        {
            configure.InitialHigh = r.InitialHigh;
        }
        return configure;
    }

    public static Link.GpioBatch ToLink(V1.BatchGpioRequest r)
    {
        var batch = new Link.GpioBatch();
        foreach (var op in r.Ops)
        {
            var item = new Link.GpioBatchOp { Pin = op.Pin };
            if (op.HasWriteHigh)
            {
                item.WriteHigh = op.WriteHigh;
            }
            batch.Ops.Add(item);
        }
        return batch;
    }

    public static V1.GpioPinList ToApi(string nodeId, Link.GpioPins pins)
    {
        var list = new V1.GpioPinList { NodeId = nodeId };
        foreach (var p in pins.Pins)
        {
            var pin = new V1.GpioPin
            {
                Bcm = p.Bcm,
                Physical = p.Physical,
                Mode = (V1.PinMode)p.Mode,
                Pull = (V1.PinPull)p.Pull,
                ActiveLow = p.ActiveLow,
                Edge = (V1.PinEdge)p.Edge,
                DebounceMs = p.DebounceMs,
            };
            if (p.HasHigh)
            {
                pin.High = p.High;
            }
            list.Pins.Add(pin);
        }
        return list;
    }

    public static V1.PwmChannelList ToApi(string nodeId, Link.PwmChannels channels)
    {
        var list = new V1.PwmChannelList { NodeId = nodeId };
        list.Channels.AddRange(channels.Channels.Select(c => new V1.PwmChannel
        {
            Bcm = c.Bcm, Chip = c.Chip, Channel = c.Channel, FrequencyHz = c.FrequencyHz, DutyPercent = c.DutyPercent,
        }));
        return list;
    }

    public static V1.I2cScanReply ToApi(string nodeId, Link.I2cScanResult scan) =>
        new() { NodeId = nodeId, Bus = scan.Bus, Addresses = { scan.Addresses }, KernelAddresses = { scan.KernelAddresses } };

    public static V1.I2cReading ToApi(Link.SensorReading r) =>
        new() { Bus = r.Bus, Address = r.Address, Device = r.Device, At = r.At, Values = { r.Values } };

    public static V1.I2cDeviceWatchList ToApi(string nodeId, Link.I2cWatches watches)
    {
        var list = new V1.I2cDeviceWatchList { NodeId = nodeId };
        list.Watches.AddRange(watches.Watches.Select(w => new V1.I2cDeviceWatch { Bus = w.Bus, Address = w.Address, Device = w.Device, IntervalMs = w.IntervalMs }));
        return list;
    }

    public static V1.GpioEdgeEventList ToApi(PinEventsView view)
    {
        var list = new V1.GpioEdgeEventList { NodeId = view.NodeId, Dropped = view.Dropped };
        list.Edges.AddRange(view.Events.Select(e => new V1.GpioEdgeEvent
        {
            Bcm = (uint)e.Bcm,
            Edge = e.Edge == "rising" ? V1.PinEdge.Rising : V1.PinEdge.Falling,
            At = Timestamp.FromDateTimeOffset(e.At),
            MonotonicNs = e.MonotonicNs,
            ReceivedAt = Timestamp.FromDateTimeOffset(e.ReceivedAt),
        }));
        return list;
    }

    public static V1.I2cReadingList ToApi(SensorReadingsView view)
    {
        var list = new V1.I2cReadingList { NodeId = view.NodeId };
        list.Readings.AddRange(view.Readings.Select(r => new V1.I2cReading
        {
            Bus = (uint)r.Bus,
            Address = HardwareMapping.ParseAddress(r.Address),
            Device = r.Device,
            At = Timestamp.FromDateTimeOffset(r.At),
            Values = { r.Values.ToDictionary() },
        }));
        return list;
    }
}
