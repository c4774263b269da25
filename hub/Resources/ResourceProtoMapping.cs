using Google.Protobuf.WellKnownTypes;
using PiController.Hub.Api;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Resources;

/// <summary>Between the gRPC resource messages and the REST documents, so both go through the same checks.</summary>
internal static class ResourceProtoMapping
{
    public static ResourceDraft ToDraft(ApiV1.Resource resource)
    {
        var kind = resource.SpecCase switch
        {
            ApiV1.Resource.SpecOneofCase.Gpio => ResourceKind.GpioPin,
            ApiV1.Resource.SpecOneofCase.Pwm => ResourceKind.PwmController,
            ApiV1.Resource.SpecOneofCase.I2C => ResourceKind.I2cDevice,
            _ => ResourceKinds.Parse(resource.Kind)
                ?? throw new HubException(HubErrorKind.Invalid, "spec is required: set one of gpio, pwm or i2c"),
        };
        var documentKind = string.IsNullOrEmpty(resource.Kind) ? null : resource.Kind;
        var labels = resource.Labels.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var node = resource.Node?.TargetCase switch
        {
            ApiV1.NodeTarget.TargetOneofCase.Id => new NodeTarget(Id: resource.Node.Id),
            ApiV1.NodeTarget.TargetOneofCase.Selector => new NodeTarget(Selector: resource.Node.Selector),
            _ => null,
        };
        var name = string.IsNullOrEmpty(resource.Name) ? null : resource.Name;
        return kind switch
        {
            ResourceKind.GpioPin => ResourceTypes.Gpio.Draft(new(documentKind, name, labels, node, resource.Gpio is { } g
                ? new GpioSpec(g.Pin, g.Mode, g.HasPull ? g.Pull : null, g.HasActiveLow ? g.ActiveLow : null, g.HasEdge ? g.Edge : null,
                    g.HasDebounceMs ? g.DebounceMs : null, g.HasValue ? g.Value : null, g.HasOnDelete ? g.OnDelete : null)
                : null)),
            ResourceKind.PwmController => ResourceTypes.Pwm.Draft(new(documentKind, name, labels, node, resource.Pwm is { } p
                ? new PwmSpec(p.Pin, p.FrequencyHz, p.DutyPercent, p.HasOnDelete ? p.OnDelete : null)
                : null)),
            _ => ResourceTypes.I2c.Draft(new(documentKind, name, labels, node, resource.I2C is { } i
                ? new I2cSpec(i.Bus, i.Address, i.Device, i.HasIntervalMs ? i.IntervalMs : null, i.HasOnDelete ? i.OnDelete : null)
                : null)),
        };
    }

    public static ApiV1.Resource ToMessage(ResourceRecord record, ResourceStatus status)
    {
        var message = new ApiV1.Resource
        {
            Kind = record.Kind.Name(),
            Name = record.Name,
            Node = record.Selector is null ? new ApiV1.NodeTarget { Id = record.NodeId } : new ApiV1.NodeTarget { Selector = record.Selector },
            Status = ToMessage(status),
            Generation = record.Generation,
            CreatedAt = Timestamp.FromDateTimeOffset(record.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(record.UpdatedAt),
        };
        message.Labels.Add(record.Labels.ToDictionary());
        switch (record.Kind)
        {
            case ResourceKind.GpioPin:
                var g = ResourceTypes.Gpio.Document(record, status).Spec!;
                message.Gpio = new ApiV1.GpioPinSpec { Pin = g.Pin ?? "", Mode = g.Mode ?? "" };
                if (g.Pull is not null) message.Gpio.Pull = g.Pull;
                if (g.ActiveLow is { } activeLow) message.Gpio.ActiveLow = activeLow;
                if (g.Edge is not null) message.Gpio.Edge = g.Edge;
                if (g.DebounceMs is { } debounce) message.Gpio.DebounceMs = (uint)debounce;
                if (g.Value is not null) message.Gpio.Value = g.Value;
                if (g.OnDelete is not null) message.Gpio.OnDelete = g.OnDelete;
                break;
            case ResourceKind.PwmController:
                var p = ResourceTypes.Pwm.Document(record, status).Spec!;
                message.Pwm = new ApiV1.PwmControllerSpec { Pin = p.Pin ?? "", FrequencyHz = (uint)(p.FrequencyHz ?? 0), DutyPercent = p.DutyPercent ?? 0 };
                if (p.OnDelete is not null) message.Pwm.OnDelete = p.OnDelete;
                break;
            default:
                var i = ResourceTypes.I2c.Document(record, status).Spec!;
                message.I2C = new ApiV1.I2cDeviceSpec { Bus = (uint)(i.Bus ?? 0), Address = i.Address ?? "", Device = i.Device ?? "" };
                if (i.IntervalMs is { } interval) message.I2C.IntervalMs = (uint)interval;
                if (i.OnDelete is not null) message.I2C.OnDelete = i.OnDelete;
                break;
        }
        return message;
    }

    private static ApiV1.ResourceStatus ToMessage(ResourceStatus status)
    {
        var message = new ApiV1.ResourceStatus { Node = status.Node ?? "", ObservedGeneration = status.ObservedGeneration };
        if (status.LastUpdate is { } at)
        {
            message.LastUpdate = Timestamp.FromDateTimeOffset(at);
        }
        message.Conditions.AddRange(status.Conditions.Select(c => new ApiV1.ResourceCondition
        {
            Type = c.Type,
            Status = c.Status,
            Reason = c.Reason,
            Message = c.Message,
            LastTransitionTime = Timestamp.FromDateTimeOffset(c.LastTransitionTime),
        }));
        if (status.Observed is { } o)
        {
            var observed = new ApiV1.ResourceObservation();
            if (o.Bcm is { } bcm) observed.Bcm = (uint)bcm;
            if (o.Mode is not null) observed.Mode = o.Mode;
            if (o.Pull is not null) observed.Pull = o.Pull;
            if (o.ActiveLow is { } activeLow) observed.ActiveLow = activeLow;
            if (o.Edge is not null) observed.Edge = o.Edge;
            if (o.DebounceMs is { } debounce) observed.DebounceMs = (uint)debounce;
            if (o.Value is not null) observed.Value = o.Value;
            if (o.Chip is { } chip) observed.Chip = (uint)chip;
            if (o.Channel is { } channel) observed.Channel = (uint)channel;
            if (o.FrequencyHz is { } frequency) observed.FrequencyHz = (uint)frequency;
            if (o.DutyPercent is { } duty) observed.DutyPercent = duty;
            if (o.Bus is { } bus) observed.Bus = (uint)bus;
            if (o.Address is not null) observed.Address = o.Address;
            if (o.Device is not null) observed.Device = o.Device;
            if (o.IntervalMs is { } interval) observed.IntervalMs = (uint)interval;
            if (o.ReadingAt is { } readingAt) observed.ReadingAt = Timestamp.FromDateTimeOffset(readingAt);
            if (o.Values is not null) observed.Values.Add(o.Values.ToDictionary());
            message.Observed = observed;
        }
        return message;
    }
}
