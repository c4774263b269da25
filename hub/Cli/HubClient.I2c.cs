using PiController.Hub.Hardware;

namespace PiController.Hub.Cli;

/// <summary>A node's I2C buses: the paths under /api/v1/nodes/{node}/i2c.</summary>
internal sealed partial class HubClient
{
    public Task<I2cScanView> ScanI2cAsync(string node, uint bus, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, NodePath(node, $"i2c/{bus}/scan"), HubJsonContext.Default.I2cScanView, cancellationToken);

    public Task<SensorReadingView> ReadI2cDeviceAsync(string node, uint bus, string address, string device, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{DevicePath(node, bus, address)}/read?device={Uri.EscapeDataString(device)}", HubJsonContext.Default.SensorReadingView, cancellationToken);

    /// <summary>A raw transfer: write <paramref name="write"/> (hex bytes, or none), then read <paramref name="readLength"/> bytes.</summary>
    public Task<I2cTransferView> TransferI2cAsync(string node, uint bus, string address, string? write, int readLength, CancellationToken cancellationToken) =>
        PostAsync($"{DevicePath(node, bus, address)}/transfer", new I2cTransferRequest(write, readLength),
            HubJsonContext.Default.I2cTransferRequest, HubJsonContext.Default.I2cTransferView, cancellationToken);

    public Task<I2cWatchesView> WatchI2cAsync(string node, uint bus, string address, string device, int intervalMs, CancellationToken cancellationToken) =>
        PutAsync($"{DevicePath(node, bus, address)}/watch", new I2cWatchRequest(device, intervalMs),
            HubJsonContext.Default.I2cWatchRequest, HubJsonContext.Default.I2cWatchesView, cancellationToken);

    public Task<I2cWatchesView> UnwatchI2cAsync(string node, uint bus, string address, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"{DevicePath(node, bus, address)}/watch", HubJsonContext.Default.I2cWatchesView, cancellationToken);

    public Task<SensorReadingsView> ListI2cReadingsAsync(string node, int limit, CancellationToken cancellationToken) =>
        GetAsync(NodePath(node, $"i2c/readings?limit={limit}"), HubJsonContext.Default.SensorReadingsView, cancellationToken);

    private static string DevicePath(string node, uint bus, string address) => NodePath(node, $"i2c/{bus}/{Escape(address)}");
}
