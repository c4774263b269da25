using System.Text;
using Google.Protobuf;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;
using PiController.Protocol.Link;

namespace PiController.Hub.Provisioning.AgentTransport;

/// <summary>
/// Each <see cref="InstallStep"/> as the typed link command the agent carries out, and how long it may take: a pure
/// mapping, tested as messages. <see cref="RestartIfChanged"/> is decided here, on the hub, from the paths earlier
/// steps changed: null means the step has nothing to do on the node.
/// </summary>
internal static class AgentStepCommands
{
    /// <summary>Pin commands answer in seconds; the K3s steps get their own deadlines.</summary>
    public static readonly TimeSpan Quick = TimeSpan.FromSeconds(30);

    /// <summary>A host step (a file, an unmount, the firewall, the facts): a transient unit on the node, seconds each.</summary>
    public static readonly TimeSpan HostStep = TimeSpan.FromMinutes(2);

    /// <summary>Starting K3s: the first start of a server on a Pi imports the air-gap images and brings up etcd.</summary>
    public static readonly TimeSpan ServiceStart = TimeSpan.FromMinutes(10);

    /// <summary>A release file (the images are several hundred MB) over the node's link; an interrupted one resumes.</summary>
    public static readonly TimeSpan Download = TimeSpan.FromMinutes(30);

    public static (Command Command, TimeSpan Timeout)? For(InstallStep step, IReadOnlySet<string> changedPaths) => step switch
    {
        PlaceBinary b => (new Command { InstallK3S = new InstallK3s { Binary = new PlaceK3sBinary { Path = b.BinaryPath, Sha256 = b.Sha256, KeepPrevious = b.KeepPrevious } } }, Download),
        RestorePreviousBinary r => (new Command { RestoreK3SBinary = new RestoreK3sBinary { Path = r.BinaryPath, Sha256 = r.Sha256 ?? "" } }, HostStep),
        PlaceImages i => (new Command { InstallK3S = new InstallK3s { Images = new PlaceK3sImages { Path = i.ImagesPath, Sha256 = i.Sha256 } } }, Download),
        Symlink l => (new Command { InstallK3S = new InstallK3s { Symlink = new K3sSymlink { Path = l.LinkPath, Target = l.Target } } }, HostStep),
        WriteFile w => (new Command
        {
            WriteK3SConfig = new WriteK3sConfig
            {
                Path = w.FilePath,
                // The revealed content goes only into this message, over the node's mTLS link: never a log or an argument.
                Content = ByteString.CopyFrom(Encoding.UTF8.GetBytes(w.Content.Reveal())),
                Mode = (uint)w.Mode,
                OnlyIfAbsent = w.OnlyIfAbsent,
            },
        }, HostStep),
        DaemonReload => (Service(ServiceControl.Types.Action.DaemonReload, ""), HostStep),
        RestartIfChanged r => r.IsDue(changedPaths) ? (Service(ServiceControl.Types.Action.Restart, r.Unit), ServiceStart) : null,
        EnableNow e => (Service(ServiceControl.Types.Action.EnableNow, e.Unit), ServiceStart),
        DisableNow d => (Service(ServiceControl.Types.Action.DisableNow, d.Unit), ServiceStart),
        KillContainerShims k => (Uninstall(new UninstallK3s { KillContainerShims = k.DataDirectory }), HostStep),
        UnmountUnder u => (Uninstall(new UninstallK3s { UnmountUnder = u.Prefix }), HostStep),
        DeleteNetworkNamespaces n => (Uninstall(new UninstallK3s { DeleteNetworkNamespaces = n.Prefix }), HostStep),
        DeleteNetworkInterface i => (Uninstall(new UninstallK3s { DeleteNetworkInterface = i.Name }), HostStep),
        DeleteBridgePorts b => (Uninstall(new UninstallK3s { DeleteBridgePorts = b.Bridge }), HostStep),
        RemoveFirewallRules f => (Uninstall(new UninstallK3s { RemoveFirewallRules = new FirewallMarkers { Markers = { f.Markers } } }), HostStep),
        RemoveFile f => (Uninstall(new UninstallK3s { RemoveFile = new RemoveK3sFile { Path = f.FilePath, OnlySymlink = f.OnlySymlink } }), HostStep),
        RemoveDirectory d => (Uninstall(new UninstallK3s { RemoveDirectory = d.DirectoryPath }), HostStep),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step.GetType().Name, "the agent transport has no command for this step"),
    };

    public static Command Service(ServiceControl.Types.Action action, string unit) =>
        new() { ServiceControl = new ServiceControl { Action = action, Unit = unit } };

    public static K3sFileKind KindOf(K3sFile file) => file switch
    {
        K3sFile.Kubeconfig => K3sFileKind.K3SFileKubeconfig,
        K3sFile.ServerToken => K3sFileKind.K3SFileServerToken,
        K3sFile.AgentToken => K3sFileKind.K3SFileAgentToken,
        K3sFile.ServerCa => K3sFileKind.K3SFileServerCa,
        K3sFile.ClientCa => K3sFileKind.K3SFileClientCa,
        _ => throw new ArgumentOutOfRangeException(nameof(file), file, "not a file K3s writes"),
    };

    private static Command Uninstall(UninstallK3s step) => new() { UninstallK3S = step };
}
