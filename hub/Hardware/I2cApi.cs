using Google.Protobuf;
using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Security;
using PiController.Protocol.Link;
using static PiController.Hub.Hardware.HardwareMapping;

namespace PiController.Hub.Hardware;

/// <summary>
/// REST: /api/v1/nodes/{nodeId}/i2c/{bus}, a thin adapter over <see cref="HardwareService"/>. Everything that puts
/// traffic on the bus needs an operator and is audited: a scan, raw transfers, and reading a typed sensor (bme280,
/// bmp280, sht3x, ads1115, mcp23017), whose binding writes the chip's configuration and starts conversions. Only the
/// watch list and the stored readings are reads.
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

    private static async Task<Ok<I2cScanView>> Scan(string nodeId, uint bus, HardwareService hardware, CancellationToken ct) =>
        TypedResults.Ok(ToView(nodeId, await hardware.ScanI2cAsync(nodeId, bus, ct).ConfigureAwait(false)));

    private static async Task<Ok<SensorReadingView>> ReadDevice(string nodeId, uint bus, string address, string? device, HardwareService hardware, CancellationToken ct)
    {
        var read = new I2cDeviceRead
        {
            Bus = bus,
            Address = ParseAddress(address),
            Device = device?.Trim().ToLowerInvariant() ?? throw HardwareErrors.Invalid("device is missing: POST .../read?device=bme280 (or bmp280, sht3x, ads1115, mcp23017)"),
        };
        return TypedResults.Ok(ToView(nodeId, await hardware.ReadI2cDeviceAsync(nodeId, read, ct).ConfigureAwait(false)));
    }

    private static async Task<Ok<I2cTransferView>> Transfer(string nodeId, uint bus, string address, I2cTransferRequest? request, HardwareService hardware, CancellationToken ct)
    {
        var readLength = request?.ReadLength ?? 0;
        if (readLength < 0)
        {
            throw HardwareErrors.Invalid($"readLength must not be negative, got {readLength}");
        }
        var transfer = new I2cTransfer { Bus = bus, Address = ParseAddress(address), Write = ByteString.CopyFrom(ParseBytes(request?.Write)), ReadLength = (uint)readLength };
        var result = await hardware.TransferI2cAsync(nodeId, transfer, ct).ConfigureAwait(false);
        return TypedResults.Ok(new I2cTransferView(nodeId, (int)bus, Address(transfer.Address), Convert.ToHexStringLower(result.Read.Span)));
    }

    private static async Task<Ok<I2cWatchesView>> Watch(string nodeId, uint bus, string address, I2cWatchRequest? request, HardwareService hardware, CancellationToken ct)
    {
        var interval = request?.IntervalMs ?? throw HardwareErrors.Invalid("intervalMs is missing");
        var watch = new I2cWatch
        {
            Bus = bus,
            Address = ParseAddress(address),
            Device = request.Device?.Trim().ToLowerInvariant() ?? throw HardwareErrors.Invalid("device is missing (bme280, bmp280, sht3x, ads1115, mcp23017)"),
            IntervalMs = interval >= 0 ? (uint)interval : throw HardwareErrors.Invalid($"intervalMs must be positive, got {interval}"),
        };
        return TypedResults.Ok(ToView(nodeId, await hardware.WatchI2cAsync(nodeId, watch, ct).ConfigureAwait(false)));
    }

    private static async Task<Ok<I2cWatchesView>> Unwatch(string nodeId, uint bus, string address, HardwareService hardware, CancellationToken ct) =>
        TypedResults.Ok(ToView(nodeId, await hardware.UnwatchI2cAsync(nodeId, bus, ParseAddress(address), ct).ConfigureAwait(false)));

    private static async Task<Ok<I2cWatchesView>> Watches(string nodeId, HardwareService hardware, CancellationToken ct) =>
        TypedResults.Ok(ToView(nodeId, await hardware.ListI2cWatchesAsync(nodeId, ct).ConfigureAwait(false)));

    private static Ok<SensorReadingsView> Readings(string nodeId, int? limit, HardwareService hardware) =>
        TypedResults.Ok(hardware.Readings(nodeId, limit));
}
