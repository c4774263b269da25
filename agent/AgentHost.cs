using Microsoft.Extensions.Logging;
using PiController.Agent.Configuration;
using PiController.Agent.Hardware;
using PiController.Agent.Link;
using PiController.Agent.System;
using PiController.Protocol.Link;

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
        if (options.Hub is null || options.CaFingerprint is null)
        {
            logger.LogError("No hub configured. Set hub = https://HOST:8443 and ca-fingerprint = ... in {Config} (pi-controller ca fingerprint prints the fingerprint), or pass --hub and --ca-fingerprint", AgentOptions.DefaultConfigPath);
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
        var hardwareEvents = new HardwareEventQueue();
        using var hardwareCommands = HardwareHost.Create(options, root, hardware, hardwareEvents, TimeProvider.System, loggers);
        hardwareCommands.Restore();
        var connection = new HubConnection(
            options.Hub, new HubCaSource(options.Hub, options.CaFingerprint, options.DataDirectory), identity,
            new CommandDispatcher(new CommandJournal(), TimeProvider.System, hardwareCommands),
            Backoff.Default(), TimeProvider.System, loggers.CreateLogger("PiController.Agent.Link"), hardwareEvents);

        var systemd = SystemdNotifier.FromEnvironment();
        connection.Connected += () => systemd.Notify($"STATUS=connected to {options.Hub}");
        logger.LogInformation("pi-agent {Version} starting: node {NodeId}, board {Board}, hub {Hub}", AgentVersion.Current, nodeId, options.Board, options.Hub);
        systemd.Notify("READY=1");
        await connection.RunAsync(stopping).ConfigureAwait(false);
        systemd.Notify("STOPPING=1");
        return 0;
    }
}
