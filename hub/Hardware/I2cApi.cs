using Google.Protobuf;
using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Security;
using PiController.Protocol.Link;
using static PiController.Hub.Hardware.HardwareMapping;

namespace PiController.Hub.Hardware;

/// <summary>
/// REST: /api/v1/nodes/{nodeId}/i2c/{bus}. Everything that puts traffic on the bus needs an operator and is audited:
/// a scan, raw transfers, and reading a typed sensor (bme280, bmp280, sht3x, ads1115, mcp23017), whose binding
/// writes the chip's configuration and starts conversions. Only the watch list and the stored readings are reads.
/// </summary>
internal static class I2cApi
{
    public static RouteGroupBuilder MapI2cApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/nodes/{nodeId}/i2c").WithTags("i2c");
        group.MapGet("/watches", Watches);
        group.MapGet("/readings", Readings);
        group.MapPost("/{bus}/scan", Scan).RequireAuthorization(HubPolicies.Operator);
        group.MapPost("/{bus}/{address}/read", ReadDevice).RequireAuthorization(HubPolicies.Operator);
        group.MapPost("/{bus}/{address}/transfer", Transfer).RequireAuthorization(HubPolicies.Operator);
        group.MapPut("/{bus}/{address}/watch", Watch).RequireAuthorization(HubPolicies.Operator);
        group.MapDelete("/{bus}/{address}/watch", Unwatch).RequireAuthorization(HubPolicies.Operator);
        return group;
    }

    private static Task<Results<Ok<I2cScanView>, ProblemHttpResult>> Scan(string nodeId, uint bus, HardwareService hardware, CancellationToken ct) =>
        HardwareResults.RunAsync(async () =>
        {
            var result = await hardware.SendFromApiAsync(nodeId, new Command { I2CScan = new I2cScan { Bus = bus } }, CommandResult.OutcomeOneofCase.I2CScan, ct).ConfigureAwait(false);
            return ToView(nodeId, result.I2CScan);
        });

    private static Task<Results<Ok<SensorReadingView>, ProblemHttpResult>> ReadDevice(string nodeId, uint bus, string address, string? device, HardwareService hardware, CancellationToken ct) =>
        HardwareResults.RunAsync(async () =>
        {
            var command = new Command
            {
                I2CDeviceRead = new I2cDeviceRead
                {
                    Bus = bus,
                    Address = ParseAddress(address),
                    Device = device?.Trim().ToLowerInvariant() ?? throw HardwareCommandException.Invalid("device is missing: POST .../read?device=bme280 (or bmp280, sht3x, ads1115, mcp23017)"),
                },
            };
            var result = await hardware.SendFromApiAsync(nodeId, command, CommandResult.OutcomeOneofCase.I2CReading, ct).ConfigureAwait(false);
            return ToView(nodeId, result.I2CReading);
        });

    private static Task<Results<Ok<I2cTransferView>, ProblemHttpResult>> Transfer(string nodeId, uint bus, string address, I2cTransferRequest? request, HardwareService hardware, CancellationToken ct) =>
        HardwareResults.RunAsync(async () =>
        {
            var readLength = request?.ReadLength ?? 0;
            if (readLength < 0)
            {
                throw HardwareCommandException.Invalid($"readLength must not be negative, got {readLength}");
            }
            var command = new Command
            {
                I2CTransfer = new I2cTransfer
                {
                    Bus = bus,
                    Address = ParseAddress(address),
                    Write = ByteString.CopyFrom(ParseBytes(request?.Write)),
                    ReadLength = (uint)readLength,
                },
            };
            var result = await hardware.SendFromApiAsync(nodeId, command, CommandResult.OutcomeOneofCase.I2CTransfer, ct).ConfigureAwait(false);
            return new I2cTransferView(nodeId, (int)bus, Address(command.I2CTransfer.Address), Convert.ToHexStringLower(result.I2CTransfer.Read.Span));
        });

    private static Task<Results<Ok<I2cWatchesView>, ProblemHttpResult>> Watch(string nodeId, uint bus, string address, I2cWatchRequest? request, HardwareService hardware, CancellationToken ct) =>
        HardwareResults.RunAsync(async () =>
        {
            var interval = request?.IntervalMs ?? throw HardwareCommandException.Invalid("intervalMs is missing");
            var command = new Command
            {
                I2CWatch = new I2cWatch
                {
                    Bus = bus,
                    Address = ParseAddress(address),
                    Device = request.Device?.Trim().ToLowerInvariant() ?? throw HardwareCommandException.Invalid("device is missing (bme280, bmp280, sht3x, ads1115, mcp23017)"),
                    IntervalMs = interval >= 0 ? (uint)interval : throw HardwareCommandException.Invalid($"intervalMs must be positive, got {interval}"),
                },
            };
            var result = await hardware.SendFromApiAsync(nodeId, command, CommandResult.OutcomeOneofCase.I2CWatches, ct).ConfigureAwait(false);
            return ToView(nodeId, result.I2CWatches);
        });

    private static Task<Results<Ok<I2cWatchesView>, ProblemHttpResult>> Unwatch(string nodeId, uint bus, string address, HardwareService hardware, CancellationToken ct) =>
        HardwareResults.RunAsync(async () =>
        {
            var command = new Command { I2CUnwatch = new I2cUnwatch { Bus = bus, Address = ParseAddress(address) } };
            var result = await hardware.SendFromApiAsync(nodeId, command, CommandResult.OutcomeOneofCase.I2CWatches, ct).ConfigureAwait(false);
            return ToView(nodeId, result.I2CWatches);
        });

    private static Task<Results<Ok<I2cWatchesView>, ProblemHttpResult>> Watches(string nodeId, HardwareService hardware, CancellationToken ct) =>
        HardwareResults.RunAsync(async () =>
        {
            var result = await hardware.SendFromApiAsync(nodeId, new Command { I2CWatchList = new I2cWatchList() }, CommandResult.OutcomeOneofCase.I2CWatches, ct).ConfigureAwait(false);
            return ToView(nodeId, result.I2CWatches);
        });

    private static Results<Ok<SensorReadingsView>, ProblemHttpResult> Readings(string nodeId, int? limit, HardwareService hardware)
    {
        if (!hardware.IsKnown(nodeId))
        {
            return Api.Problems.NotFound($"no node with id \"{nodeId}\"; GET /api/v1/nodes lists the nodes");
        }
        var count = limit ?? 100;
        return count is < 1 or > HardwareEventFeed.MaxEvents
            ? Api.Problems.Invalid($"limit must be between 1 and {HardwareEventFeed.MaxEvents}, got {count}")
            : TypedResults.Ok(hardware.Events.Readings(nodeId, count));
    }
}
