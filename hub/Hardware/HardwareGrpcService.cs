using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PiController.Hub.Audit;
using PiController.Hub.Security;
using PiController.Protocol.Api;
using static PiController.Hub.Hardware.HardwareProtoMapping;
using Link = PiController.Protocol.Link;

namespace PiController.Hub.Hardware;

/// <summary>
/// gRPC: picontroller.api.v1.Hardware, a thin adapter over <see cref="HardwareService"/> offering what the REST
/// hardware routes offer. Its messages are the public contract's (<see cref="HardwareProtoMapping"/>); errors are
/// <see cref="Api.HubException"/>s, turned into statuses by <see cref="Api.HubExceptionInterceptor"/>.
/// Reads a viewer may call (no hardware state changes) are marked <see cref="ReadOnlyCallAttribute"/> and not audited.
/// </summary>
internal sealed class HardwareGrpcService(HardwareService hardware) : Protocol.Api.Hardware.HardwareBase
{
    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<GpioPinList> ConfigureGpio(ConfigureGpioRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.ConfigureGpioAsync(request.NodeId, ToLink(request), context.CancellationToken).ConfigureAwait(false));

    [ReadOnlyCall]
    public override async Task<GpioPinList> ReadGpio(ReadGpioRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.ReadGpioAsync(request.NodeId, request.Pin, context.CancellationToken).ConfigureAwait(false));

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<GpioPinList> WriteGpio(WriteGpioRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.WriteGpioAsync(request.NodeId, request.Pin, request.High, context.CancellationToken).ConfigureAwait(false));

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<GpioPinList> ToggleGpio(ToggleGpioRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.ToggleGpioAsync(request.NodeId, request.Pin, context.CancellationToken).ConfigureAwait(false));

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<GpioPinList> PulseGpio(PulseGpioRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.PulseGpioAsync(request.NodeId, request.Pin, request.High, request.Ms, context.CancellationToken).ConfigureAwait(false));

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<GpioPinList> BatchGpio(BatchGpioRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.BatchGpioAsync(request.NodeId, ToLink(request), context.CancellationToken).ConfigureAwait(false));

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<GpioPinList> ReleaseGpio(ReleaseGpioRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.ReleaseGpioAsync(request.NodeId, request.Pin, context.CancellationToken).ConfigureAwait(false));

    [ReadOnlyCall]
    public override async Task<GpioPinList> ListGpio(ListGpioRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.ListGpioAsync(request.NodeId, context.CancellationToken).ConfigureAwait(false));

    [ReadOnlyCall]
    public override Task<GpioEdgeEventList> ListGpioEvents(ListGpioEventsRequest request, ServerCallContext context) =>
        Task.FromResult(ToApi(hardware.PinEvents(request.NodeId, request.HasBcm ? (int)request.Bcm : null, request.HasLimit ? (int)Math.Min(request.Limit, int.MaxValue) : null)));

    [ReadOnlyCall]
    public override async Task<PwmChannelList> ListPwm(ListPwmRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.ListPwmAsync(request.NodeId, context.CancellationToken).ConfigureAwait(false));

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<PwmChannelList> SetPwm(SetPwmRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.SetPwmAsync(request.NodeId,
            new Link.PwmSet { Pin = request.Pin, FrequencyHz = request.FrequencyHz, DutyPercent = request.DutyPercent }, context.CancellationToken).ConfigureAwait(false));

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<PwmChannelList> StopPwm(StopPwmRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.StopPwmAsync(request.NodeId, request.Pin, context.CancellationToken).ConfigureAwait(false));

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<I2cScanReply> ScanI2c(ScanI2cRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.ScanI2cAsync(request.NodeId, request.Bus, context.CancellationToken).ConfigureAwait(false));

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<I2cTransferReply> TransferI2c(TransferI2cRequest request, ServerCallContext context)
    {
        var transfer = new Link.I2cTransfer { Bus = request.Bus, Address = request.Address, Write = request.Write, ReadLength = request.ReadLength };
        var result = await hardware.TransferI2cAsync(request.NodeId, transfer, context.CancellationToken).ConfigureAwait(false);
        return new I2cTransferReply { NodeId = request.NodeId, Read = result.Read };
    }

    // Not a read for access control: the binding writes the chip's configuration registers and starts conversions.
    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<I2cReading> ReadI2cDevice(ReadI2cDeviceRequest request, ServerCallContext context) =>
        ToApi(await hardware.ReadI2cDeviceAsync(request.NodeId,
            new Link.I2cDeviceRead { Bus = request.Bus, Address = request.Address, Device = request.Device }, context.CancellationToken).ConfigureAwait(false));

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<I2cDeviceWatchList> WatchI2c(WatchI2cRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.WatchI2cAsync(request.NodeId,
            new Link.I2cWatch { Bus = request.Bus, Address = request.Address, Device = request.Device, IntervalMs = request.IntervalMs }, context.CancellationToken).ConfigureAwait(false));

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<I2cDeviceWatchList> UnwatchI2c(UnwatchI2cRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.UnwatchI2cAsync(request.NodeId, request.Bus, request.Address, context.CancellationToken).ConfigureAwait(false));

    [ReadOnlyCall]
    public override async Task<I2cDeviceWatchList> ListI2cWatches(ListI2cWatchesRequest request, ServerCallContext context) =>
        ToApi(request.NodeId, await hardware.ListI2cWatchesAsync(request.NodeId, context.CancellationToken).ConfigureAwait(false));

    [ReadOnlyCall]
    public override Task<I2cReadingList> ListI2cReadings(ListI2cReadingsRequest request, ServerCallContext context) =>
        Task.FromResult(ToApi(hardware.Readings(request.NodeId, request.HasLimit ? (int)Math.Min(request.Limit, int.MaxValue) : null)));
}
