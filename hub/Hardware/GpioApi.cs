using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Security;
using PiController.Protocol.Link;
using static PiController.Hub.Hardware.HardwareMapping;

namespace PiController.Hub.Hardware;

/// <summary>
/// REST: /api/v1/nodes/{nodeId}/gpio, a thin adapter over <see cref="HardwareService"/>. Pins are BCM numbers or
/// header positions ("17", "GPIO17", "P11"); the agent resolves them. Reads need any token, changes an operator's.
/// Errors are <see cref="Api.HubException"/>s, answered as problem details by <see cref="Api.HubExceptionHandler"/>.
/// </summary>
internal static class GpioApi
{
    public const int MaxEvents = HardwareEventFeed.MaxEvents;

    public static RouteGroupBuilder MapGpioApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/nodes/{nodeId}/gpio").WithTags("gpio");
        group.MapGet("/", List);
        group.MapGet("/events", Events);
        group.MapGet("/{pin}", Read);
        group.MapPost("/{pin}/config", Configure).RequireAuthorization(HubPolicies.Operator);
        group.MapPost("/{pin}/write", Write).RequireAuthorization(HubPolicies.Operator);
        group.MapPost("/{pin}/toggle", Toggle).RequireAuthorization(HubPolicies.Operator);
        group.MapPost("/{pin}/pulse", Pulse).RequireAuthorization(HubPolicies.Operator);
        group.MapDelete("/{pin}", Release).RequireAuthorization(HubPolicies.Operator);
        group.MapPost("/batch", Batch).RequireAuthorization(HubPolicies.Operator);
        return group;
    }

    private static async Task<Ok<GpioPinsView>> List(string nodeId, HardwareService hardware, CancellationToken ct) =>
        View(nodeId, await hardware.ListGpioAsync(nodeId, ct).ConfigureAwait(false));

    private static async Task<Ok<GpioPinsView>> Read(string nodeId, string pin, HardwareService hardware, CancellationToken ct) =>
        View(nodeId, await hardware.ReadGpioAsync(nodeId, pin, ct).ConfigureAwait(false));

    private static async Task<Ok<GpioPinsView>> Write(string nodeId, string pin, GpioWriteRequest? request, HardwareService hardware, CancellationToken ct) =>
        View(nodeId, await hardware.WriteGpioAsync(nodeId, pin, ParseLevel(request?.Value), ct).ConfigureAwait(false));

    private static async Task<Ok<GpioPinsView>> Toggle(string nodeId, string pin, HardwareService hardware, CancellationToken ct) =>
        View(nodeId, await hardware.ToggleGpioAsync(nodeId, pin, ct).ConfigureAwait(false));

    private static async Task<Ok<GpioPinsView>> Pulse(string nodeId, string pin, GpioPulseRequest? request, HardwareService hardware, CancellationToken ct) =>
        View(nodeId, await hardware.PulseGpioAsync(nodeId, pin, ParseLevel(request?.Level),
            request?.Ms ?? throw HardwareErrors.Invalid($"ms is missing: give {{\"level\": \"high\", \"ms\": 500}} (1-{GpioPulse.MaxMs})"), ct).ConfigureAwait(false));

    private static async Task<Ok<GpioPinsView>> Release(string nodeId, string pin, HardwareService hardware, CancellationToken ct) =>
        View(nodeId, await hardware.ReleaseGpioAsync(nodeId, pin, ct).ConfigureAwait(false));

    private static async Task<Ok<GpioPinsView>> Configure(string nodeId, string pin, GpioConfigRequest? request, HardwareService hardware, CancellationToken ct)
    {
        var configure = new GpioConfigure
        {
            Pin = pin,
            Mode = ParseMode(request?.Mode),
            Pull = ParsePull(request?.Pull),
            ActiveLow = request?.ActiveLow ?? false,
            Edge = ParseEdge(request?.Edge),
        };
        if (request?.DebounceMs is { } debounce)
        {
            configure.DebounceMs = debounce >= 0 ? (uint)debounce : throw HardwareErrors.Invalid($"debounceMs must not be negative, got {debounce}");
        }
        if (request?.Value is { } value)
        {
            configure.InitialHigh = ParseLevel(value);
        }
        return View(nodeId, await hardware.ConfigureGpioAsync(nodeId, configure, ct).ConfigureAwait(false));
    }

    private static async Task<Ok<GpioPinsView>> Batch(string nodeId, GpioBatchRequest? request, HardwareService hardware, CancellationToken ct)
    {
        var batch = new GpioBatch();
        foreach (var op in request?.Ops ?? throw HardwareErrors.Invalid("ops is missing: give [{\"pin\": \"17\", \"write\": \"high\"}, {\"pin\": \"27\"}]"))
        {
            var item = new GpioBatchOp { Pin = op.Pin ?? throw HardwareErrors.Invalid("every op needs a pin") };
            if (op.Write is { } level)
            {
                item.WriteHigh = ParseLevel(level);
            }
            batch.Ops.Add(item);
        }
        return View(nodeId, await hardware.BatchGpioAsync(nodeId, batch, ct).ConfigureAwait(false));
    }

    private static Ok<PinEventsView> Events(string nodeId, string? pin, int? limit, HardwareService hardware)
    {
        int? bcm = pin is null ? null
            : int.TryParse(pin, global::System.Globalization.NumberStyles.None, global::System.Globalization.CultureInfo.InvariantCulture, out var b) ? b
            : throw HardwareErrors.Invalid($"pin filters events by BCM number (for example pin=27), got \"{pin}\"");
        return TypedResults.Ok(hardware.PinEvents(nodeId, bcm, limit));
    }

    private static Ok<GpioPinsView> View(string nodeId, GpioPins pins) => TypedResults.Ok(ToView(nodeId, pins));
}
