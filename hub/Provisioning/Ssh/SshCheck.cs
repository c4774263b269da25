using System.Globalization;
using PiController.Hub.Api;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>What <c>ssh check</c> found: the target (with the host key now pinned), a few of its facts, and whether steps can become root.</summary>
/// <param name="Target">The target after the connection (its host key pinned).</param>
/// <param name="Hostname">The host's name.</param>
/// <param name="Architecture"><c>uname -m</c>.</param>
/// <param name="ClockSkewSeconds">The host's clock minus the hub's.</param>
/// <param name="RootError">Null when steps can become root; else what sudo said.</param>
internal sealed record SshCheckResult(SshTarget Target, string? Hostname, string? Architecture, double? ClockSkewSeconds, string? RootError);

/// <summary>Connects to a target once, as a plan would: pins its host key on first use, reads its facts, and checks that steps can become root.</summary>
internal sealed class SshCheck(SshTargetService targets, SshTransportProvider transports)
{
    public async Task<SshCheckResult> RunAsync(string? name, CancellationToken cancellationToken)
    {
        var target = targets.Get(name);
        try
        {
            await using var transport = (SshTransport)await transports.OpenAsync(new NodeTarget(NodeTransportKind.Ssh, target.Name), cancellationToken).ConfigureAwait(false);
            var facts = await transport.GatherFactsAsync([], cancellationToken).ConfigureAwait(false);
            var root = await transport.CheckRootAsync(cancellationToken).ConfigureAwait(false);
            return new SshCheckResult(targets.Get(target.Name), facts.Hostname, facts.Architecture,
                facts.ClockSkew is { } skew ? Math.Round(skew.TotalSeconds, 3) : null, root);
        }
        catch (NodeUnreachableException e)
        {
            throw new HubException(HubErrorKind.Unavailable, e.Message);
        }
    }

    /// <summary>The result as one sentence per fact, for the CLI.</summary>
    public static string Describe(SshCheckResult result) => string.Join('\n',
        $"ssh target {result.Target.Name} ({result.Target.Address}) reached",
        $"host key:    {result.Target.HostKey?.ToString() ?? "not pinned"}",
        $"hostname:    {result.Hostname ?? "unknown"}",
        $"arch:        {result.Architecture ?? "unknown"}",
        $"clock skew:  {(result.ClockSkewSeconds is { } s ? s.ToString("0.###", CultureInfo.InvariantCulture) + " s" : "unknown")}",
        $"root ({result.Target.Sudo}): {result.RootError ?? "ok"}");
}
