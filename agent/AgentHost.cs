using Microsoft.Extensions.Logging;
using PiController.Agent.Configuration;
using PiController.Agent.Hardware.Control;
using PiController.Agent.Hardware.Probe;
using PiController.Agent.K3s;
using PiController.Agent.Link;
using PiController.Agent.Platform;
using PiController.Protocol.Link;
using PiController.Protocol.Retry;
using PiController.Protocol.Storage;

namespace PiController.Agent;

/// <summary>Composes the agent from its options: identity, metrics, the command dispatcher and the hub link.</summary>
internal static class AgentHost
{
    public static async Task<int> RunAsync(AgentOptions options, ILoggerFactory loggers, CancellationToken stopping)
    {
        var logger = loggers.CreateLogger("pi-agent");
        var root = new SystemRoot(options.SystemRoot);
        var nodeId = options.IsSimulated ? NodeIdentity.Simulated(root, options.SimSerial) : NodeIdentity.Read(root);
        if (nodeId is null)
        {
            logger.LogError("Cannot tell which board this is: no serial number in /proc/device-tree or /proc/cpuinfo and no /etc/machine-id. Create /etc/machine-id (systemd-machine-id-setup) and start again");
            return 1;
        }
        if (options.CaFingerprint is not null && options.JoinTokenFingerprint is { } pinned && pinned != options.CaFingerprint)
        {
            logger.LogError("The join token pins CA {TokenFingerprint} but ca-fingerprint says {Fingerprint}; remove one of them", pinned, options.CaFingerprint);
            return 2;
        }
        var fingerprint = options.CaFingerprint ?? options.JoinTokenFingerprint;
        if (fingerprint is null || (options.Hub is null && !options.Mdns))
        {
            logger.LogError("No hub configured. Set token = PIC1... (and hub = https://HOST:8443 unless the hub is to be found by mDNS) in {Config} (pi-controller token create prints a token), or pass --hub and --token", AgentOptions.DefaultConfigPath);
            return 2;
        }
        string instanceId;
        try
        {
            instanceId = InstanceId.LoadOrCreate(options.DataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError("Cannot use data directory {DataDirectory}: {Reason}", options.DataDirectory, e.Message);
            return 1;
        }

        var sampler = new MetricsSampler(root, options.DataDirectory);
        var probe = BoardProbe.ForSystem(root);
        Func<HardwareReport> hardware = options.IsSimulated ? () => SimulatedBoard.Report(nodeId) : probe.Probe;
        var metricsGate = new Lock();
        var identity = new AgentIdentity(
            nodeId,
            instanceId,
            () => SystemInfoReader.Read(root, options.IsSimulated),
            () => { lock (metricsGate) { return sampler.Sample(); } },
            hardware);
        var credentials = new AgentCredentials(options.DataDirectory, TimeProvider.System);
        try
        {
            credentials.Load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError("Cannot use this agent's certificate and key in {DataDirectory} (node.crt, node.key): {Reason}", options.DataDirectory, e.Message);
            return 1;
        }
        if (credentials.Recovery == PairRecovery.Finished)
        {
            logger.LogWarning("A certificate rotation cut short by a crash or power cut was finished: node.crt and node.key are the new pair");
        }
        if (credentials.Unusable is { } unusable && options.JoinToken is null)
        {
            logger.LogWarning("Not using this agent's certificate: {Reason}. It cannot enroll again without a join token: set token = PIC1... in the config (pi-controller token create makes one)", unusable);
        }
        else if (credentials.Unusable is { } reason)
        {
            logger.LogWarning("Not using this agent's certificate: {Reason}. Enrolling again with the join token; if the hub knows this node already, an admin approves it (pi-controller nodes approve NODE)", reason);
        }
        var system = identity.System();
        await using var discovery = options.Mdns
            ? Discovery.AgentDiscovery.Start(new(nodeId, system.Model, system.Architecture, AgentVersion.Current, credentials.Current is not null), loggers, stopping)
            : null;
        var hub = options.Hub ?? (discovery is null ? null : await discovery.FindHubAsync(fingerprint, stopping).ConfigureAwait(false));
        if (hub is null)
        {
            return stopping.IsCancellationRequested ? 0 : 2;
        }
        var enroller = options.JoinToken is { } token
            ? new Enroller(hub, token, nodeId, () => identity.System().Hostname, credentials)
            : null;
        var hardwareEvents = new HardwareEventQueue();
        using var hardwareCommands = HardwareHost.Create(options, root, hardware, hardwareEvents, TimeProvider.System, loggers);
        hardwareCommands.Restore();
        var caSource = new HubCaSource(hub, fingerprint, options.DataDirectory);
        // Release files are downloaded over the link's own mTLS: the hub's CA pinned, this node's certificate presented.
        var k3s = new K3sCommands(root, new K3sHostSteps(root, Path.Join(options.DataDirectory, "k3s-staging"), TimeProvider.System),
            async token => new ArtifactDownloader(hub, await caSource.GetAsync(token).ConfigureAwait(false),
                credentials.Current ?? throw new ArtifactDownloadException("this agent has no certificate yet; it downloads K3s once it has enrolled")),
            TimeProvider.System);
        var connection = new HubConnection(
            hub, caSource, identity,
            new CommandDispatcher(new CommandJournal(), TimeProvider.System, hardwareCommands, k3s, stopping), credentials, enroller,
            Backoff.LinkReconnect(), TimeProvider.System, loggers.CreateLogger("PiController.Agent.Link"), hardwareEvents,
            options.Hub is null && discovery is not null
                ? new Discovery.HubRediscovery(token => discovery.FindHubAsync(fingerprint, token), TimeProvider.System, loggers.CreateLogger("PiController.Agent.Discovery"))
                : null);

        var systemd = SystemdNotifier.FromEnvironment();
        connection.Connected += () => systemd.Notify($"STATUS=connected to {hub}");
        connection.Connected += () => discovery?.SetEnrolled(true);
        logger.LogInformation("pi-agent {Version} starting: node {NodeId}, board {Board}, hub {Hub}", AgentVersion.Current, nodeId, options.Board, hub);
        systemd.Notify("READY=1");
        await connection.RunAsync(stopping).ConfigureAwait(false);
        systemd.Notify("STOPPING=1");
        return 0;
    }
}
