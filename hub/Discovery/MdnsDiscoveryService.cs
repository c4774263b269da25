using System.Net.Sockets;
using System.Threading.Channels;
using PiController.Discovery;
using PiController.Hub.Agents;
using PiController.Hub.Security;
using PiController.Protocol.Text;

namespace PiController.Hub.Discovery;

/// <summary>
/// The hub's mDNS: announces <c>_pi-controller._tcp</c> (its port, and its CA fingerprint for agents with no hub
/// address) and browses <c>_pi-agent._tcp</c>, recording each agent it resolves as a discovered machine.
/// </summary>
internal sealed class MdnsDiscoveryService(
    DiscoveryOptions options, MdnsAnnouncement announcement, CertificateAuthority ca, DiscoveryService discovery, TimeProvider time, ILogger<MdnsDiscoveryService> logger)
    : BackgroundService
{
    private static readonly TimeSpan Presence = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Mdns)
        {
            return;
        }
        MulticastTransport transport;
        try
        {
            transport = MulticastTransport.Open(logger);
        }
        catch (SocketException e)
        {
            logger.LogWarning("mDNS off: cannot open UDP port {Port}: {Reason}. Agents must be given the hub's address", MulticastTransport.Port, e.Message);
            return;
        }
        var hostname = Environment.MachineName;
        var profile = new ServiceProfile(MdnsSchema.HubService, $"pi-controller on {hostname}", MdnsSchema.HostLabel("pi-controller", hostname),
            (ushort)announcement.Port, [$"{MdnsSchema.TxtVersion}=1", $"{MdnsSchema.CaFingerprintKey}={ca.Fingerprint}", $"{MdnsSchema.HubVersionKey}={announcement.HubVersion}"]);
        using (transport)
        using (var responder = new MdnsResponder(transport, profile, time, logger))
        using (var browser = new MdnsBrowser(transport, MdnsSchema.AgentService, time, logger))
        {
            var found = Channel.CreateBounded<MdnsService>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
            browser.Found += service => found.Writer.TryWrite(service);
            browser.Lost += service => logger.LogInformation("mDNS: agent {Instance} ({NodeId}) is gone from the link",
                PrintableText.Escape(service.Instance), PrintableText.Escape(service[MdnsSchema.NodeIdKey]));
            await Task.WhenAll(
                transport.RunAsync(stoppingToken),
                responder.RunAsync(stoppingToken),
                browser.RunAsync(stoppingToken),
                RecordAsync(found.Reader, stoppingToken),
                KeepPresentAsync(browser, found.Writer, stoppingToken)).ConfigureAwait(false);
        }
    }

    private async Task RecordAsync(ChannelReader<MdnsService> found, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var service in found.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (ToObservation(service, out var reason) is { } observation)
                {
                    discovery.Observe(observation);
                }
                else
                {
                    logger.LogDebug("mDNS: ignoring {Instance}: {Reason}", PrintableText.Escape(service.Instance), PrintableText.Escape(reason));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>An agent still resolved is still answering: its last-seen time moves on (node membership uses it).</summary>
    private async Task KeepPresentAsync(MdnsBrowser browser, ChannelWriter<MdnsService> found, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Presence, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var service in browser.Services)
                {
                    found.TryWrite(service);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>What an agent's announcement says, checked: it comes from anyone on the link.</summary>
    public static Observation? ToObservation(MdnsService service, out string? reason)
    {
        var nodeId = service[MdnsSchema.NodeIdKey];
        reason = nodeId is null ? "its TXT record has no id" : NodeIdRules.Check(nodeId);
        if (reason is not null)
        {
            return null;
        }
        var model = service[MdnsSchema.ModelKey] ?? "";
        return new Observation(DiscoverySources.Mdns, service.Addresses[0],
            NodeId: nodeId!,
            Model: model.Length > 128 ? model[..128] : model,
            AgentEnrolled: service[MdnsSchema.EnrolledKey] == "yes",
            Detail: $"{service.ServiceType} \"{service.Instance}\" on {service.InterfaceName}, {service[MdnsSchema.ArchitectureKey] ?? "unknown arch"}, agent {service[MdnsSchema.AgentVersionKey] ?? "unknown"}");
    }
}
