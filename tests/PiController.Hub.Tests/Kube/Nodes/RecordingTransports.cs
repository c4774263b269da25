using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Preflight;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Tests.Kube.Nodes;

/// <summary>
/// The node transport at the outermost seam: records each step it is asked to carry out (the membership repair's
/// unit restarts), and reaches no machine. Nodes in <see cref="Unreachable"/> throw as an offline agent does.
/// </summary>
internal sealed class RecordingTransports : INodeTransportProvider
{
    public List<(string Target, InstallStep Step, bool Due)> Steps { get; } = [];

    public HashSet<string> Unreachable { get; } = [];

    public NodeTransportKind Kind => NodeTransportKind.Agent;

    public Task<INodeTransport> OpenAsync(NodeTarget target, CancellationToken cancellationToken) => Unreachable.Contains(target.ToString())
        ? throw new NodeUnreachableException($"{target} cannot be reached: its agent is not connected")
        : Task.FromResult<INodeTransport>(new Recorder(this, target.ToString()));

    private sealed class Recorder(RecordingTransports owner, string target) : INodeTransport
    {
        public string Description => "recorded " + target;

        public Task<StepResult> RunAsync(InstallStep step, IReadOnlySet<string> changedPaths, CancellationToken cancellationToken)
        {
            lock (owner.Steps)
            {
                owner.Steps.Add((target, step, step is RestartIfChanged r && r.IsDue(changedPaths)));
            }
            return Task.FromResult(StepResult.Done(true));
        }

        public Task<PreflightFacts> GatherFactsAsync(IReadOnlyList<string> otherHostnames, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string?> ReadK3sFileAsync(K3sFile file, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string> ServiceStateAsync(string unit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string> BootIdAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task FixBootCmdlineAndRebootAsync(string cmdlinePath, string text, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<EtcdSnapshotOutcome> EtcdSnapshotAsync(EtcdSnapshotRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
