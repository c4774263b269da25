using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Security;
using PiController.Protocol.Link;
using static PiController.Hub.Hardware.HardwareMapping;

namespace PiController.Hub.Hardware;

/// <summary>
/// REST: /api/v1/nodes/{nodeId}/gpio. Pins are BCM numbers or header positions ("17", "GPIO17", "P11"); the
/// agent resolves them. Reads need any token, changes an operator's.
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
        group.MapDelete("/{pin}", Release).RequireAuthorization(HubPolicies.Operator);
        group.MapPost("/batch", Batch).RequireAuthorization(HubPolicies.Operator);
        return group;
    }

    private static Task<Results<Ok<GpioPinsView>, ProblemHttpResult>> List(string nodeId, HardwareService hardware, CancellationToken ct) =>
        SendAsync(hardware, nodeId, new Command { GpioList = new GpioList() }, ct);

    private static Task<Results<Ok<GpioPinsView>, ProblemHttpResult>> Read(string nodeId, string pin, HardwareService hardware, CancellationToken ct) =>
        SendAsync(hardware, nodeId, new Command { GpioRead = new GpioRead { Pin = pin } }, ct);

    private static Task<Results<Ok<GpioPinsView>, ProblemHttpResult>> Write(string nodeId, string pin, GpioWriteRequest? request, HardwareService hardware, CancellationToken ct) =>
        SendAsync(hardware, nodeId, () => new Command { GpioWrite = new GpioWrite { Pin = pin, High = ParseLevel(request?.Value) } }, ct);

    private static Task<Results<Ok<GpioPinsView>, ProblemHttpResult>> Toggle(string nodeId, string pin, HardwareService hardware, CancellationToken ct) =>
        SendAsync(hardware, nodeId, new Command { GpioToggle = new GpioToggle { Pin = pin } }, ct);

    private static Task<Results<Ok<GpioPinsView>, ProblemHttpResult>> Release(string nodeId, string pin, HardwareService hardware, CancellationToken ct) =>
        SendAsync(hardware, nodeId, new Command { GpioRelease = new GpioRelease { Pin = pin } }, ct);

    private static Task<Results<Ok<GpioPinsView>, ProblemHttpResult>> Configure(string nodeId, string pin, GpioConfigRequest? request, HardwareService hardware, CancellationToken ct) =>
        SendAsync(hardware, nodeId, () =>
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
                configure.DebounceMs = debounce >= 0 ? (uint)debounce : throw HardwareCommandException.Invalid($"debounceMs must not be negative, got {debounce}");
            }
            if (request?.Value is { } value)
            {
                configure.InitialHigh = ParseLevel(value);
            }
            return new Command { GpioConfigure = configure };
        }, ct);

    private static Task<Results<Ok<GpioPinsView>, ProblemHttpResult>> Batch(string nodeId, GpioBatchRequest? request, HardwareService hardware, CancellationToken ct) =>
        SendAsync(hardware, nodeId, () =>
        {
            var batch = new GpioBatch();
            foreach (var op in request?.Ops ?? throw HardwareCommandException.Invalid("ops is missing: give [{\"pin\": \"17\", \"write\": \"high\"}, {\"pin\": \"27\"}]"))
            {
                var item = new GpioBatchOp { Pin = op.Pin ?? throw HardwareCommandException.Invalid("every op needs a pin") };
                if (op.Write is { } level)
                {
                    item.WriteHigh = ParseLevel(level);
                }
                batch.Ops.Add(item);
            }
            return new Command { GpioBatch = batch };
        }, ct);

    private static Results<Ok<PinEventsView>, ProblemHttpResult> Events(string nodeId, string? pin, int? limit, HardwareService hardware)
    {
        if (!hardware.IsKnown(nodeId))
        {
            return Api.Problems.NotFound($"no node with id \"{nodeId}\"; GET /api/v1/nodes lists the nodes");
        }
        int? bcm = null;
        if (pin is not null)
        {
            if (!int.TryParse(pin, global::System.Globalization.NumberStyles.None, global::System.Globalization.CultureInfo.InvariantCulture, out var b))
            {
                return Api.Problems.Invalid($"pin filters events by BCM number (for example pin=27), got \"{pin}\"");
            }
            bcm = b;
        }
        var count = limit ?? 100;
        if (count is < 1 or > MaxEvents)
        {
            return Api.Problems.Invalid($"limit must be between 1 and {MaxEvents}, got {count}");
        }
        return TypedResults.Ok(hardware.Events.PinEvents(nodeId, bcm, count));
    }

    private static Task<Results<Ok<GpioPinsView>, ProblemHttpResult>> SendAsync(HardwareService hardware, string nodeId, Command command, CancellationToken ct) =>
        SendAsync(hardware, nodeId, () => command, ct);

    private static Task<Results<Ok<GpioPinsView>, ProblemHttpResult>> SendAsync(HardwareService hardware, string nodeId, Func<Command> command, CancellationToken ct) =>
        HardwareResults.RunAsync(async () =>
        {
            var result = await hardware.SendFromApiAsync(nodeId, command(), CommandResult.OutcomeOneofCase.Gpio, ct).ConfigureAwait(false);
            return ToView(nodeId, result.Gpio);
        });
}
