using PiController.Hub.Hardware;

namespace PiController.Hub.Cli;

/// <summary>A node's hardware PWM: the paths under /api/v1/nodes/{node}/pwm.</summary>
internal sealed partial class HubClient
{
    public Task<PwmChannelsView> SetPwmAsync(string node, string pin, long frequencyHz, double dutyPercent, CancellationToken cancellationToken) =>
        PutAsync(NodePath(node, $"pwm/{Escape(pin)}"), new PwmSetRequest(frequencyHz, dutyPercent),
            HubJsonContext.Default.PwmSetRequest, HubJsonContext.Default.PwmChannelsView, cancellationToken);

    public Task<PwmChannelsView> StopPwmAsync(string node, string pin, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, NodePath(node, $"pwm/{Escape(pin)}"), HubJsonContext.Default.PwmChannelsView, cancellationToken);

    public Task<PwmChannelsView> ListPwmAsync(string node, CancellationToken cancellationToken) =>
        GetAsync(NodePath(node, "pwm"), HubJsonContext.Default.PwmChannelsView, cancellationToken);
}
