using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PiController.Hub.Agents;
using PiController.Hub.Audit;
using PiController.Hub.Security;
using PiController.Protocol.Api;
using PiController.Protocol.Link;

namespace PiController.Hub.Hardware;

/// <summary>gRPC: picontroller.api.v1.Hardware, the same operations as the REST hardware routes.</summary>
internal sealed class HardwareGrpcService(HardwareService hardware) : Protocol.Api.Hardware.HardwareBase
{
    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<GpioPins> ConfigureGpio(ConfigureGpioRequest request, ServerCallContext context) =>
        (await SendAsync(request.NodeId, new Command { GpioConfigure = request.Configure ?? new GpioConfigure() }, CommandResult.OutcomeOneofCase.Gpio, context).ConfigureAwait(false)).Gpio;

    // Reads: a viewer may call them (no hardware state changes), and they are not audited.
    [ReadOnlyCall]
    public override async Task<GpioPins> ReadGpio(ReadGpioRequest request, ServerCallContext context) =>
        (await SendAsync(request.NodeId, new Command { GpioRead = new GpioRead { Pin = request.Pin } }, CommandResult.OutcomeOneofCase.Gpio, context).ConfigureAwait(false)).Gpio;

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<GpioPins> WriteGpio(WriteGpioRequest request, ServerCallContext context) =>
        (await SendAsync(request.NodeId, new Command { GpioWrite = new GpioWrite { Pin = request.Pin, High = request.High } }, CommandResult.OutcomeOneofCase.Gpio, context).ConfigureAwait(false)).Gpio;

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<GpioPins> ToggleGpio(ToggleGpioRequest request, ServerCallContext context) =>
        (await SendAsync(request.NodeId, new Command { GpioToggle = new GpioToggle { Pin = request.Pin } }, CommandResult.OutcomeOneofCase.Gpio, context).ConfigureAwait(false)).Gpio;

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<GpioPins> BatchGpio(BatchGpioRequest request, ServerCallContext context) =>
        (await SendAsync(request.NodeId, new Command { GpioBatch = request.Batch ?? new GpioBatch() }, CommandResult.OutcomeOneofCase.Gpio, context).ConfigureAwait(false)).Gpio;

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<GpioPins> ReleaseGpio(ReleaseGpioRequest request, ServerCallContext context) =>
        (await SendAsync(request.NodeId, new Command { GpioRelease = new GpioRelease { Pin = request.Pin } }, CommandResult.OutcomeOneofCase.Gpio, context).ConfigureAwait(false)).Gpio;

    // Reads: a viewer may call them (no hardware state changes), and they are not audited.
    [ReadOnlyCall]
    public override async Task<GpioPins> ListGpio(ListGpioRequest request, ServerCallContext context) =>
        (await SendAsync(request.NodeId, new Command { GpioList = new GpioList() }, CommandResult.OutcomeOneofCase.Gpio, context).ConfigureAwait(false)).Gpio;

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<PwmChannels> SetPwm(SetPwmRequest request, ServerCallContext context) =>
        (await SendAsync(request.NodeId, new Command { PwmSet = request.Set ?? new PwmSet() }, CommandResult.OutcomeOneofCase.Pwm, context).ConfigureAwait(false)).Pwm;

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<PwmChannels> StopPwm(StopPwmRequest request, ServerCallContext context) =>
        (await SendAsync(request.NodeId, new Command { PwmStop = new PwmStop { Pin = request.Pin } }, CommandResult.OutcomeOneofCase.Pwm, context).ConfigureAwait(false)).Pwm;

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<I2cScanResult> ScanI2c(ScanI2cRequest request, ServerCallContext context) =>
        (await SendAsync(request.NodeId, new Command { I2CScan = new I2cScan { Bus = request.Bus } }, CommandResult.OutcomeOneofCase.I2CScan, context).ConfigureAwait(false)).I2CScan;

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<I2cTransferResult> TransferI2c(TransferI2cRequest request, ServerCallContext context) =>
        (await SendAsync(request.NodeId, new Command { I2CTransfer = request.Transfer ?? new I2cTransfer() }, CommandResult.OutcomeOneofCase.I2CTransfer, context).ConfigureAwait(false)).I2CTransfer;

    // Not a read for access control: the binding writes the chip's configuration registers and starts conversions.
    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<SensorReading> ReadI2cDevice(ReadI2cDeviceRequest request, ServerCallContext context) =>
        (await SendAsync(request.NodeId, new Command { I2CDeviceRead = request.Read ?? new I2cDeviceRead() }, CommandResult.OutcomeOneofCase.I2CReading, context).ConfigureAwait(false)).I2CReading;

    private async Task<CommandResult> SendAsync(string nodeId, Command command, CommandResult.OutcomeOneofCase expected, ServerCallContext context)
    {
        try
        {
            return await hardware.SendFromApiAsync(nodeId, command, expected, context.CancellationToken).ConfigureAwait(false);
        }
        catch (HardwareCommandException e)
        {
            throw new RpcException(new Status(e.GrpcStatus, e.Message));
        }
    }
}
