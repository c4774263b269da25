using PiController.Hub.Hardware;

namespace PiController.Hub.Cli;

/// <summary>A node's GPIO pins: the paths under /api/v1/nodes/{node}/gpio.</summary>
internal sealed partial class HubClient
{
    public Task<GpioPinsView> ListGpioAsync(string node, CancellationToken cancellationToken) =>
        GetAsync(NodePath(node, "gpio"), HubJsonContext.Default.GpioPinsView, cancellationToken);

    public Task<GpioPinsView> ReadGpioAsync(string node, string pin, CancellationToken cancellationToken) =>
        GetAsync(PinPath(node, pin), HubJsonContext.Default.GpioPinsView, cancellationToken);

    public Task<GpioPinsView> WriteGpioAsync(string node, string pin, string? level, CancellationToken cancellationToken) =>
        PostAsync(PinPath(node, pin, "write"), new GpioWriteRequest(level), HubJsonContext.Default.GpioWriteRequest, HubJsonContext.Default.GpioPinsView, cancellationToken);

    public Task<GpioPinsView> ToggleGpioAsync(string node, string pin, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, PinPath(node, pin, "toggle"), HubJsonContext.Default.GpioPinsView, cancellationToken);

    public Task<GpioPinsView> PulseGpioAsync(string node, string pin, string? level, long ms, CancellationToken cancellationToken) =>
        PostAsync(PinPath(node, pin, "pulse"), new GpioPulseRequest(level, ms), HubJsonContext.Default.GpioPulseRequest, HubJsonContext.Default.GpioPinsView, cancellationToken);

    public Task<GpioPinsView> ConfigureGpioAsync(string node, string pin, GpioConfigRequest request, CancellationToken cancellationToken) =>
        PostAsync(PinPath(node, pin, "config"), request, HubJsonContext.Default.GpioConfigRequest, HubJsonContext.Default.GpioPinsView, cancellationToken);

    public Task<GpioPinsView> ReleaseGpioAsync(string node, string pin, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, PinPath(node, pin), HubJsonContext.Default.GpioPinsView, cancellationToken);

    public Task<GpioPinsView> BatchGpioAsync(string node, IReadOnlyList<GpioBatchItem> items, CancellationToken cancellationToken) =>
        PostAsync(NodePath(node, "gpio/batch"), new GpioBatchRequest(items), HubJsonContext.Default.GpioBatchRequest, HubJsonContext.Default.GpioPinsView, cancellationToken);

    /// <summary>The latest <paramref name="limit"/> edges, of one BCM pin or of all.</summary>
    public Task<PinEventsView> ListGpioEventsAsync(string node, int limit, int? bcm, CancellationToken cancellationToken) =>
        GetAsync(NodePath(node, $"gpio/events?limit={limit}" + (bcm is { } p ? $"&pin={p}" : "")), HubJsonContext.Default.PinEventsView, cancellationToken);

    private static string PinPath(string node, string pin, string? action = null) =>
        NodePath(node, action is null ? $"gpio/{Escape(pin)}" : $"gpio/{Escape(pin)}/{action}");
}
