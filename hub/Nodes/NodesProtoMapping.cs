using Google.Protobuf.WellKnownTypes;
using ApiV1 = PiController.Protocol.Api;
using Link = PiController.Protocol.Link;

namespace PiController.Hub.Nodes;

/// <summary>
/// The one place where the nodes API (picontroller.api.v1) meets the agent link and the hub's views: link
/// messages and views in, public messages out. The public messages mirror the link's today, field for field,
/// but they are their own contract: a change on the link is absorbed here, never passed to API clients.
/// </summary>
internal static class NodesProtoMapping
{
    public static ApiV1.Node ToMessage(this NodeView n)
    {
        var node = new ApiV1.Node
        {
            NodeId = n.NodeId,
            System = new ApiV1.SystemInfo { Hostname = n.Hostname, Model = n.Model, Architecture = n.Architecture, Os = n.Os, Kernel = n.Kernel, Board = n.Board },
            AgentVersion = n.AgentVersion,
            Connected = n.Connected,
            FirstSeen = Timestamp.FromDateTimeOffset(n.FirstSeen),
            LastSeen = Timestamp.FromDateTimeOffset(n.LastSeen),
            RemoteAddress = n.RemoteAddress,
        };
        if ((n.Connected ? n.ConnectedSince : n.DisconnectedAt) is { } changed)
        {
            node.ConnectionChangedAt = Timestamp.FromDateTimeOffset(changed);
        }
        if (n.LastHeartbeat is { } heartbeat)
        {
            node.LastHeartbeat = Timestamp.FromDateTimeOffset(heartbeat);
        }
        if (n.Metrics is { } metrics)
        {
            node.Metrics = metrics.ToMessage();
        }
        return node;
    }

    public static ApiV1.Metrics ToMessage(this MetricsView v)
    {
        var m = new ApiV1.Metrics();
        if (v.CpuPercent is { } cpu) { m.CpuPercent = cpu; }
        if (v.MemoryTotalBytes is { } mt) { m.MemoryTotalBytes = mt; }
        if (v.MemoryAvailableBytes is { } ma) { m.MemoryAvailableBytes = ma; }
        if (v.DiskTotalBytes is { } dt) { m.DiskTotalBytes = dt; }
        if (v.DiskAvailableBytes is { } da) { m.DiskAvailableBytes = da; }
        if (v.TemperatureCelsius is { } t) { m.TemperatureCelsius = t; }
        if (v.Load1 is { } l1) { m.Load1 = l1; }
        if (v.Load5 is { } l5) { m.Load5 = l5; }
        if (v.Load15 is { } l15) { m.Load15 = l15; }
        if (v.UptimeSeconds is { } up) { m.UptimeSeconds = up; }
        return m;
    }

    public static ApiV1.Enrollment ToMessage(this EnrollmentRequestView e) => new()
    {
        NodeId = e.NodeId,
        PublicKeySha256 = e.PublicKeySha256,
        Source = e.Source,
        RequestedAt = Timestamp.FromDateTimeOffset(e.RequestedAt),
        Approved = e.Approved,
    };

    public static ApiV1.NodeLabels ToMessage(this NodeLabelsView v)
    {
        var labels = new ApiV1.NodeLabels { NodeId = v.NodeId };
        foreach (var (key, value) in v.Labels)
        {
            labels.Labels[key] = value;
        }
        foreach (var (key, value) in v.Derived)
        {
            labels.Derived[key] = value;
        }
        return labels;
    }

    /// <summary>The agent's hardware report in the API's terms; REST shows it as this message's JSON.</summary>
    public static ApiV1.HardwareReport ToApi(this Link.HardwareReport r)
    {
        var report = new ApiV1.HardwareReport { Simulated = r.Simulated };
        if (r.Board is { } b)
        {
            var board = new ApiV1.HardwareReport.Types.BoardIdentity { RaspberryPi = b.RaspberryPi };
            if (b.HasModel) { board.Model = b.Model; }
            if (b.HasSerial) { board.Serial = b.Serial; }
            if (b.HasRevisionCode) { board.RevisionCode = b.RevisionCode; }
            if (b.HasBoardTypeCode) { board.BoardTypeCode = b.BoardTypeCode; }
            if (b.HasBoardType) { board.BoardType = b.BoardType; }
            if (b.HasBoardRevision) { board.BoardRevision = b.BoardRevision; }
            if (b.HasMemoryMegabytes) { board.MemoryMegabytes = b.MemoryMegabytes; }
            if (b.HasManufacturer) { board.Manufacturer = b.Manufacturer; }
            if (b.HasProcessor) { board.Processor = b.Processor; }
            report.Board = board;
        }
        report.GpioChips.Add(r.GpioChips.Select(c =>
        {
            var chip = new ApiV1.HardwareReport.Types.GpioChip { Name = c.Name };
            if (c.HasLabel) { chip.Label = c.Label; }
            if (c.HasLineCount) { chip.LineCount = c.LineCount; }
            chip.Lines.Add(c.Lines.Select(l => new ApiV1.HardwareReport.Types.GpioLine { Offset = l.Offset, Name = l.Name, Consumer = l.Consumer, Used = l.Used }));
            return chip;
        }));
        report.I2CBuses.Add(r.I2CBuses.Select(i =>
        {
            var bus = new ApiV1.HardwareReport.Types.I2cBus { Bus = i.Bus };
            if (i.HasName) { bus.Name = i.Name; }
            return bus;
        }));
        report.PwmChips.Add(r.PwmChips.Select(p =>
        {
            var chip = new ApiV1.HardwareReport.Types.PwmChip { Chip = p.Chip };
            if (p.HasChannelCount) { chip.ChannelCount = p.ChannelCount; }
            chip.ExportedChannels.Add(p.ExportedChannels);
            return chip;
        }));
        report.SpiDevices.Add(r.SpiDevices.Select(s => new ApiV1.HardwareReport.Types.SpiDevice { Bus = s.Bus, ChipSelect = s.ChipSelect }));
        report.Uarts.Add(r.Uarts.Select(u => new ApiV1.HardwareReport.Types.Uart { Name = u.Name }));
        report.ThermalZones.Add(r.ThermalZones.Select(z =>
        {
            var zone = new ApiV1.HardwareReport.Types.ThermalZone { Zone = z.Zone };
            if (z.HasType) { zone.Type = z.Type; }
            if (z.HasTemperatureCelsius) { zone.TemperatureCelsius = z.TemperatureCelsius; }
            return zone;
        }));
        if (r.Throttling is { } t)
        {
            var throttling = new ApiV1.HardwareReport.Types.ThrottleState();
            if (t.HasRaw) { throttling.Raw = t.Raw; }
            if (t.HasUnderVoltageNow) { throttling.UnderVoltageNow = t.UnderVoltageNow; }
            if (t.HasFrequencyCappedNow) { throttling.FrequencyCappedNow = t.FrequencyCappedNow; }
            if (t.HasThrottledNow) { throttling.ThrottledNow = t.ThrottledNow; }
            if (t.HasSoftTemperatureLimitNow) { throttling.SoftTemperatureLimitNow = t.SoftTemperatureLimitNow; }
            if (t.HasUnderVoltageOccurred) { throttling.UnderVoltageOccurred = t.UnderVoltageOccurred; }
            if (t.HasFrequencyCappedOccurred) { throttling.FrequencyCappedOccurred = t.FrequencyCappedOccurred; }
            if (t.HasThrottledOccurred) { throttling.ThrottledOccurred = t.ThrottledOccurred; }
            if (t.HasSoftTemperatureLimitOccurred) { throttling.SoftTemperatureLimitOccurred = t.SoftTemperatureLimitOccurred; }
            report.Throttling = throttling;
        }
        return report;
    }
}
