using PiController.Hub.Agents;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// The wait of work resumed at hub start (a plan, an upgrade) for its nodes' agents to dial in again: until every
/// one is connected (and <c>ready</c> says the rest is there too), at most <see cref="Span"/>; a node still away then
/// is reported unreachable by the work itself. Agents back off while the hub is down, at most 30 s between tries.
/// </summary>
internal static class ReconnectGrace
{
    public static readonly TimeSpan Span = TimeSpan.FromSeconds(60);

    public static async Task WaitAsync(AgentRegistry agents, IReadOnlyList<string> nodeIds, Func<bool> ready, TimeProvider time, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow();
        while ((nodeIds.Any(n => !agents.IsConnected(n)) || !ready()) && time.GetUtcNow() - since < Span)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
