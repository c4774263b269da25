using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using PiController.Hub.Provisioning.Artifacts;
using PiController.Hub.Provisioning.Ssh;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Provisioning.Ssh;

/// <summary>The SSH side of a hub as serve composes it, on a real SQLite file: target store (credentials sealed with a real SecretBox), service, artifact store and transport provider, with its log kept.</summary>
internal sealed class SshLab : IDisposable
{
    private readonly ILoggerFactory _loggers;

    public SshLab(TempDirectory directory)
    {
        Directory = directory;
        Database = directory.MigratedDatabase();
        Store = new SshTargetStore(Database, new SecretBox(RandomNumberGenerator.GetBytes(32)), TimeProvider.System);
        Targets = new SshTargetService(Store);
        Artifacts = new K3sArtifactStore(directory.File("k3s"), TimeProvider.System);
        _loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        Provider = new SshTransportProvider(Store, Artifacts, SshTransportOptions.Default, TimeProvider.System, _loggers.CreateLogger<SshTransportProvider>());
    }

    public TempDirectory Directory { get; }

    public Hub.State.HubDatabase Database { get; }

    public SshTargetStore Store { get; }

    public SshTargetService Targets { get; }

    public K3sArtifactStore Artifacts { get; }

    public LogCapture Logs { get; } = new();

    public SshTransportProvider Provider { get; }

    public SshTarget AddRoot(string name, Sshd sshd, params string[] jumps) =>
        Targets.Add(new SshTargetCreateRequest(name, "127.0.0.1", sshd.Port, "root", sshd.ClientKey, null, null, jumps));

    public Task<INodeTransport> OpenAsync(string name) => Provider.OpenAsync(NodeTarget.Parse(NodeTarget.SshPrefix + name), CancellationToken.None);

    public void Dispose() => _loggers.Dispose();
}
