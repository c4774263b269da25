using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.K3s;

/// <summary>
/// Carries out the K3s steps that change the host or read what the agent's sandbox hides (placing a downloaded file,
/// writing K3s's files, the uninstall steps, the preflight's facts, the consented boot command line fix, etcd snapshots). Every path,
/// unit and name is checked against <see cref="K3sPaths"/> first, so a refused step changes nothing. On a real host it
/// runs in <c>pi-agent k3s-host-step</c>, outside pi-agent.service's sandbox (<see cref="K3sHostSteps"/>); with a
/// test root, in the agent itself.
/// </summary>
internal sealed class K3sHostExecutor(SystemRoot root, string stagingDirectory, TimeProvider time)
{
    private readonly K3sFiles _files = new(root);
    private readonly K3sHostCleanup _cleanup = new(root);

    /// <summary>Whether <paramref name="command"/> is one of the steps this executor carries out.</summary>
    public static bool Handles(Command command) => command.OpCase is Command.OpOneofCase.InstallK3S or Command.OpOneofCase.WriteK3SConfig
        or Command.OpOneofCase.UninstallK3S or Command.OpOneofCase.GatherPreflightFacts or Command.OpOneofCase.FixBootCmdline
        or Command.OpOneofCase.RestoreK3SBinary or Command.OpOneofCase.EtcdSnapshot;

    /// <summary>Where a release file with <paramref name="sha256"/> is downloaded to before it is placed.</summary>
    public static string StagedPath(string stagingDirectory, string sha256) => Path.Join(stagingDirectory, sha256);

    public async Task<CommandResult> RunAsync(Command command, CancellationToken cancellationToken)
    {
        try
        {
            return command.OpCase switch
            {
                Command.OpOneofCase.InstallK3S => Step(command, Install(command.InstallK3S)),
                Command.OpOneofCase.WriteK3SConfig => Step(command, Write(command.WriteK3SConfig)),
                Command.OpOneofCase.UninstallK3S => Step(command, await UninstallAsync(command.UninstallK3S, cancellationToken).ConfigureAwait(false)),
                Command.OpOneofCase.GatherPreflightFacts => new CommandResult
                {
                    Id = command.Id,
                    PreflightFacts = await new PreflightFactReader(root, time).ReadAsync(cancellationToken).ConfigureAwait(false),
                },
                Command.OpOneofCase.RestoreK3SBinary => Step(command, Restore(command.RestoreK3SBinary)),
                Command.OpOneofCase.FixBootCmdline => Step(command, await FixBootCmdlineAsync(command.FixBootCmdline, cancellationToken).ConfigureAwait(false)),
                Command.OpOneofCase.EtcdSnapshot => new CommandResult
                {
                    Id = command.Id,
                    EtcdSnapshots = await new EtcdSnapshotStep(root).RunAsync(command.EtcdSnapshot, cancellationToken).ConfigureAwait(false),
                },
                _ => throw new K3sStepException(CommandError.Types.Code.Unsupported, $"\"{command.OpCase}\" is not a K3s host step"),
            };
        }
        catch (K3sStepException e)
        {
            return Failure(command.Id, e.Code, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failure(command.Id, CommandError.Types.Code.Internal, e.Message);
        }
    }

    public static CommandResult Failure(string id, CommandError.Types.Code code, string message) =>
        new() { Id = id, Error = new CommandError { Code = code, Message = message } };

    private static CommandResult Step(Command command, (bool Changed, string Detail) done) =>
        new() { Id = command.Id, K3SStep = new K3sStepResult { Changed = done.Changed, Detail = done.Detail } };

    private (bool, string) Install(InstallK3s install)
    {
        switch (install.WhatCase)
        {
            case InstallK3s.WhatOneofCase.Binary:
                var binary = install.Binary;
                K3sStepRules.RequireBinary(binary.Path, binary.Sha256);
                return _files.Sha256Of(binary.Path) == binary.Sha256
                    ? (false, $"{binary.Path} already has SHA-256 {binary.Sha256[..16]}...")
                    : (true, _files.Place(StagedPath(stagingDirectory, binary.Sha256), binary.Sha256, binary.Path, binary: true, binary.KeepPrevious));
            case InstallK3s.WhatOneofCase.Images:
                var images = install.Images;
                K3sStepRules.RequireImages(images.Path, images.Sha256);
                return _files.Sha256Of(images.Path) == images.Sha256
                    ? (false, $"{images.Path} already has SHA-256 {images.Sha256[..16]}...")
                    : (true, _files.Place(StagedPath(stagingDirectory, images.Sha256), images.Sha256, images.Path, binary: false, keepPrevious: false));
            case InstallK3s.WhatOneofCase.Symlink:
                K3sStepRules.RequireSymlink(install.Symlink.Path, install.Symlink.Target);
                return _files.Link(install.Symlink.Path, install.Symlink.Target);
            default:
                throw K3sStepException.Refused("InstallK3s names nothing to install (binary, images or symlink)");
        }
    }

    private (bool, string) Restore(RestoreK3sBinary restore)
    {
        K3sStepRules.RequireRestore(restore.Path, restore.Sha256);
        return _files.RestorePrevious(restore.Sha256.Length == 0 ? null : restore.Sha256);
    }

    private (bool, string) Write(WriteK3sConfig write)
    {
        var mode = K3sStepRules.RequireWritable(write.Path, write.Mode, write.OnlyIfAbsent);
        return _files.Write(write.Path, write.Content.Span, mode, write.OnlyIfAbsent);
    }

    private async Task<(bool, string)> UninstallAsync(UninstallK3s step, CancellationToken cancellationToken)
    {
        K3sStepRules.RequireUninstall(step);
        return step.StepCase switch
        {
            UninstallK3s.StepOneofCase.KillContainerShims => _cleanup.KillContainerShims(step.KillContainerShims),
            UninstallK3s.StepOneofCase.UnmountUnder => await _cleanup.UnmountUnderAsync(step.UnmountUnder, cancellationToken).ConfigureAwait(false),
            UninstallK3s.StepOneofCase.DeleteNetworkNamespaces => await _cleanup.DeleteNetworkNamespacesAsync(step.DeleteNetworkNamespaces, cancellationToken).ConfigureAwait(false),
            UninstallK3s.StepOneofCase.DeleteNetworkInterface => await _cleanup.DeleteInterfaceAsync(step.DeleteNetworkInterface, cancellationToken).ConfigureAwait(false),
            UninstallK3s.StepOneofCase.DeleteBridgePorts => await _cleanup.DeleteBridgePortsAsync(step.DeleteBridgePorts, cancellationToken).ConfigureAwait(false),
            UninstallK3s.StepOneofCase.RemoveFirewallRules => await _cleanup.RemoveFirewallRulesAsync(step.RemoveFirewallRules.Markers, cancellationToken).ConfigureAwait(false),
            UninstallK3s.StepOneofCase.RemoveFile => _files.Remove(step.RemoveFile.Path, step.RemoveFile.OnlySymlink),
            UninstallK3s.StepOneofCase.RemoveDirectory => _files.RemoveTree(step.RemoveDirectory, root.Root == "/" ? _cleanup.MountPoints() : []),
            _ => throw K3sStepException.Refused("UninstallK3s names no step"),
        };
    }

    /// <summary>Writes the boot command line (its mode kept), then asks systemd for a reboot a few seconds later, so this answer reaches the hub first.</summary>
    private async Task<(bool, string)> FixBootCmdlineAsync(FixBootCmdline fix, CancellationToken cancellationToken)
    {
        K3sStepRules.RequireBootCmdline(fix.Path, fix.Text);
        if (root.Root != "/")
        {
            throw new K3sStepException(CommandError.Types.Code.Unsupported, $"a reboot is the live host's; this agent reads a test root ({root.Root})");
        }
        if (!File.Exists(fix.Path))
        {
            throw K3sStepException.Precondition($"{fix.Path} does not exist on this node; the firmware reads the other cmdline.txt: gather the facts again");
        }
        var mode = File.GetUnixFileMode(fix.Path);
        var text = fix.Text.TrimEnd('\n') + "\n";
        var (changed, _) = _files.Write(fix.Path, System.Text.Encoding.UTF8.GetBytes(text), mode, onlyIfAbsent: false);
        await HostTool.RunCheckedAsync("systemd-run", ["--on-active=5", "--timer-property=AccuracySec=1s", "--collect",
            "--description=pi-agent: reboot for the boot command line fix", "/usr/bin/systemctl", "reboot"], cancellationToken).ConfigureAwait(false);
        return (changed, $"{(changed ? "wrote" : "kept")} {fix.Path}; the node reboots in about 5 s");
    }
}
