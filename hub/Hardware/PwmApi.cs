using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Security;
using PiController.Protocol.Link;

namespace PiController.Hub.Hardware;

/// <summary>REST: /api/v1/nodes/{nodeId}/pwm, hardware PWM on the header's PWM pins (GPIO12, 13, 18, 19).</summary>
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

    private static Task<Results<Ok<PwmChannelsView>, ProblemHttpResult>> List(string nodeId, HardwareService hardware, CancellationToken ct) =>
        SendAsync(hardware, nodeId, () => new Command { PwmList = new PwmList() }, ct);

    private static Task<Results<Ok<PwmChannelsView>, ProblemHttpResult>> Set(string nodeId, string pin, PwmSetRequest? request, HardwareService hardware, CancellationToken ct) =>
        SendAsync(hardware, nodeId, () =>
        {
            var frequency = request?.FrequencyHz ?? throw HardwareCommandException.Invalid("frequencyHz is missing");
            var duty = request.DutyPercent ?? throw HardwareCommandException.Invalid("dutyPercent is missing (0-100)");
            if (frequency is < 1 or > uint.MaxValue)
            {
                throw HardwareCommandException.Invalid($"frequencyHz must be a positive number of hertz, got {frequency}");
            }
            return new Command { PwmSet = new PwmSet { Pin = pin, FrequencyHz = (uint)frequency, DutyPercent = duty } };
        }, ct);

    private static Task<Results<Ok<PwmChannelsView>, ProblemHttpResult>> Stop(string nodeId, string pin, HardwareService hardware, CancellationToken ct) =>
        SendAsync(hardware, nodeId, () => new Command { PwmStop = new PwmStop { Pin = pin } }, ct);

    private static Task<Results<Ok<PwmChannelsView>, ProblemHttpResult>> SendAsync(HardwareService hardware, string nodeId, Func<Command> command, CancellationToken ct) =>
        HardwareResults.RunAsync(async () =>
        {
            var result = await hardware.SendFromApiAsync(nodeId, command(), CommandResult.OutcomeOneofCase.Pwm, ct).ConfigureAwait(false);
            return HardwareMapping.ToView(nodeId, result.Pwm);
        });
}
