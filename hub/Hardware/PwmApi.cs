using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Security;
using PiController.Protocol.Link;

namespace PiController.Hub.Hardware;

/// <summary>
/// REST: /api/v1/nodes/{nodeId}/pwm, hardware PWM on the header's PWM pins (GPIO12, 13, 18, 19); a thin adapter
/// over <see cref="HardwareService"/>.
/// </summary>
internal static class PwmApi
{
    public static RouteGroupBuilder MapPwmApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/nodes/{nodeId}/pwm").WithTags("pwm");
        group.MapGet("/", List);
        group.MapPut("/{pin}", Set).RequireAuthorization(HubPolicies.Operator);
        group.MapDelete("/{pin}", Stop).RequireAuthorization(HubPolicies.Operator);
        return group;
    }

    private static async Task<Ok<PwmChannelsView>> List(string nodeId, HardwareService hardware, CancellationToken ct) =>
        TypedResults.Ok(HardwareMapping.ToView(nodeId, await hardware.ListPwmAsync(nodeId, ct).ConfigureAwait(false)));

    private static async Task<Ok<PwmChannelsView>> Set(string nodeId, string pin, PwmSetRequest? request, HardwareService hardware, CancellationToken ct)
    {
        var frequency = request?.FrequencyHz ?? throw HardwareErrors.Invalid("frequencyHz is missing");
        var duty = request.DutyPercent ?? throw HardwareErrors.Invalid("dutyPercent is missing (0-100)");
        if (frequency is < 1 or > uint.MaxValue)
        {
            throw HardwareErrors.Invalid($"frequencyHz must be a positive number of hertz, got {frequency}");
        }
        var set = new PwmSet { Pin = pin, FrequencyHz = (uint)frequency, DutyPercent = duty };
        return TypedResults.Ok(HardwareMapping.ToView(nodeId, await hardware.SetPwmAsync(nodeId, set, ct).ConfigureAwait(false)));
    }

    private static async Task<Ok<PwmChannelsView>> Stop(string nodeId, string pin, HardwareService hardware, CancellationToken ct) =>
        TypedResults.Ok(HardwareMapping.ToView(nodeId, await hardware.StopPwmAsync(nodeId, pin, ct).ConfigureAwait(false)));
}
