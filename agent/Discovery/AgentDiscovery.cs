using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PiController.Discovery;

namespace PiController.Agent.Discovery;

/// <summary>What the agent says about itself in its <c>_pi-agent._tcp</c> TXT record.</summary>
internal sealed record AgentAdvert(string NodeId, string Model, string Architecture, string AgentVersion, bool Enrolled)
{
    public IReadOnlyList<string> Txt() =>
    [
        $"{MdnsSchema.TxtVersion}=1",
        $"{MdnsSchema.NodeIdKey}={NodeId}",
        $"{MdnsSchema.ModelKey}={Model}",
        $"{MdnsSchema.ArchitectureKey}={Architecture}",
        $"{MdnsSchema.AgentVersionKey}={AgentVersion}",
        $"{MdnsSchema.EnrolledKey}={(Enrolled ? "yes" : "no")}",
    ];
}

/// <summary>
/// The agent's mDNS: one transport, the responder that announces <c>_pi-agent._tcp</c>, and (when no hub address
/// is configured) the browser that finds <c>_pi-controller._tcp</c>. Without the port (another program holds it
/// without SO_REUSEADDR) the agent runs on without mDNS, and says so.
/// </summary>
internal sealed class AgentDiscovery : IAsyncDisposable
{
    private readonly MulticastTransport _transport;
    private readonly MdnsResponder _responder;
    private readonly CancellationTokenSource _stop;
    private readonly Task _running;
    private readonly ILoggerFactory _loggers;
    private AgentAdvert _advert;

    private AgentDiscovery(MulticastTransport transport, AgentAdvert advert, ILoggerFactory loggers, CancellationToken stopping)
    {
        _transport = transport;
        _advert = advert;
        _loggers = loggers;
        var profile = new ServiceProfile(MdnsSchema.AgentService, advert.NodeId, MdnsSchema.HostLabel("pi-agent", advert.NodeId), 0, advert.Txt());
        _responder = new MdnsResponder(transport, profile, TimeProvider.System, loggers.CreateLogger("PiController.Agent.Discovery"));
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running = Task.WhenAll(transport.RunAsync(_stop.Token), _responder.RunAsync(_stop.Token));
    }

    public static AgentDiscovery? Start(AgentAdvert advert, ILoggerFactory loggers, CancellationToken stopping)
    {
        var logger = loggers.CreateLogger("PiController.Agent.Discovery");
        try
        {
            return new AgentDiscovery(MulticastTransport.Open(logger), advert, loggers, stopping);
        }
        catch (SocketException e)
        {
            logger.LogWarning("mDNS off: cannot open UDP port {Port}: {Reason}. The hub will not find this agent by mDNS", MulticastTransport.Port, e.Message);
            return null;
        }
    }

    /// <summary>Announces the new enrollment state (the TXT record changes, RFC 6762 §8.4).</summary>
    public void SetEnrolled(bool enrolled)
    {
        if (_advert.Enrolled != enrolled)
        {
            _advert = _advert with { Enrolled = enrolled };
            _responder.UpdateTxt(_advert.Txt());
        }
    }

    /// <summary>Browses for the hub whose CA is <paramref name="pinnedFingerprint"/>; null when stopped first.</summary>
    public async Task<Uri?> FindHubAsync(string pinnedFingerprint, CancellationToken cancellationToken)
    {
        using var browser = new MdnsBrowser(_transport, MdnsSchema.HubService, TimeProvider.System, _loggers.CreateLogger("PiController.Agent.Discovery"));
        var finder = new HubFinder(pinnedFingerprint, _loggers.CreateLogger("PiController.Agent.Discovery"));
        browser.Found += finder.Consider;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var browsing = browser.RunAsync(linked.Token);
        try
        {
            return await finder.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            await browsing.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _responder.Dispose();
        _transport.Dispose();
        _stop.Dispose();
    }
}
