using Google.Protobuf;
using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.K3s;

/// <summary>
/// The agent's K3s commands from the link: the typed steps of the hub's install and uninstall plans, the preflight's
/// facts, K3s's own files and units. Release files are downloaded by the agent itself (its mTLS identity, into its
/// state directory) and placed by a host step; changes to the host go through <see cref="K3sHostSteps"/>; reading
/// K3s's files and talking to systemd need no way out of the sandbox. Each command ends by its deadline.
/// </summary>
internal sealed class K3sCommands(SystemRoot root, K3sHostSteps hostSteps, Func<CancellationToken, Task<ArtifactDownloader>> downloader, TimeProvider time)
{
    public static bool Handles(Command command) => K3sHostExecutor.Handles(command) ||
        command.OpCase is Command.OpOneofCase.ReadK3SFile or Command.OpOneofCase.ServiceControl;

    public async Task<CommandResult> RunAsync(Command command, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (command.Deadline is { } at)
        {
            deadline.CancelAfter(TimeSpan.FromTicks(Math.Max(0, (at.ToDateTimeOffset() - time.GetUtcNow()).Ticks)));
        }
        try
        {
            return command.OpCase switch
            {
                Command.OpOneofCase.InstallK3S when command.InstallK3S.WhatCase is InstallK3s.WhatOneofCase.Binary or InstallK3s.WhatOneofCase.Images =>
                    await PlaceAsync(command, deadline.Token).ConfigureAwait(false),
                Command.OpOneofCase.ReadK3SFile => Read(command),
                Command.OpOneofCase.ServiceControl => await ControlAsync(command, deadline.Token).ConfigureAwait(false),
                _ => await hostSteps.RunAsync(command, deadline.Token).ConfigureAwait(false),
            };
        }
        catch (K3sStepException e)
        {
            return K3sHostExecutor.Failure(command.Id, e.Code, e.Message);
        }
        catch (ArtifactDownloadException e)
        {
            return K3sHostExecutor.Failure(command.Id, CommandError.Types.Code.FailedPrecondition, e.Message);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return K3sHostExecutor.Failure(command.Id, CommandError.Types.Code.DeadlineExceeded,
                $"{command.OpCase} did not finish by its deadline; run the step again (a download resumes where it stopped)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return K3sHostExecutor.Failure(command.Id, CommandError.Types.Code.Internal, e.Message);
        }
    }

    /// <summary>Unchanged when the file there has the hash; else download it (checked on arrival), then place it as a host step.</summary>
    private async Task<CommandResult> PlaceAsync(Command command, CancellationToken cancellationToken)
    {
        var (path, sha256) = command.InstallK3S.WhatCase == InstallK3s.WhatOneofCase.Binary
            ? (command.InstallK3S.Binary.Path, command.InstallK3S.Binary.Sha256)
            : (command.InstallK3S.Images.Path, command.InstallK3S.Images.Sha256);
        if (command.InstallK3S.WhatCase == InstallK3s.WhatOneofCase.Binary)
        {
            K3sStepRules.RequireBinary(path, sha256);
        }
        else
        {
            K3sStepRules.RequireImages(path, sha256);
        }
        if (new K3sFiles(root).Sha256Of(path) == sha256)
        {
            return new CommandResult { Id = command.Id, K3SStep = new K3sStepResult { Changed = false, Detail = $"{path} already has SHA-256 {sha256[..16]}..." } };
        }
        using (var download = await downloader(cancellationToken).ConfigureAwait(false))
        {
            await download.DownloadAsync(sha256, K3sHostExecutor.StagedPath(hostSteps.StagingDirectory, sha256),
                UnixFileMode.UserRead | UnixFileMode.UserWrite, cancellationToken).ConfigureAwait(false);
        }
        return await hostSteps.RunAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private CommandResult Read(Command command)
    {
        var path = command.ReadK3SFile.File switch
        {
            K3sFileKind.K3SFileKubeconfig => K3sPaths.ConfigDirectory + "/k3s.yaml",
            K3sFileKind.K3SFileServerToken => K3sPaths.DataDirectory + "/server/token",
            K3sFileKind.K3SFileAgentToken => K3sPaths.DataDirectory + "/server/agent-token",
            K3sFileKind.K3SFileServerCa => K3sPaths.TlsDirectory + "/server-ca.crt",
            K3sFileKind.K3SFileClientCa => K3sPaths.TlsDirectory + "/client-ca.crt",
            _ => throw K3sStepException.Refused("ReadK3sFile names none of the files K3s writes (kubeconfig, server token, agent token, server CA, client CA)"),
        };
        var file = root.PathOf(path);
        var content = new K3sFileContent();
        if (File.Exists(file))
        {
            content.Exists = true;
            content.Content = ByteString.CopyFrom(File.ReadAllBytes(file));
        }
        return new CommandResult { Id = command.Id, K3SFile = content };
    }

    private async Task<CommandResult> ControlAsync(Command command, CancellationToken cancellationToken)
    {
        var control = command.ServiceControl;
        K3sStepRules.RequireUnit(control);
        if (root.Root != "/")
        {
            throw new K3sStepException(CommandError.Types.Code.Unsupported, $"systemd units are the live host's; this agent reads a test root ({root.Root})");
        }
        var unit = control.Unit + ".service";
        if (control.Action == ServiceControl.Types.Action.DaemonReload)
        {
            // A reload changes nothing by itself (a re-run of an unchanged install reports every step unchanged).
            await HostTool.RunCheckedAsync("systemctl", ["daemon-reload"], cancellationToken).ConfigureAwait(false);
            return Service(command, false, "");
        }
        var before = await StateAsync(unit, cancellationToken).ConfigureAwait(false);
        var enabledBefore = await EnabledAsync(unit, cancellationToken).ConfigureAwait(false);
        switch (control.Action)
        {
            case ServiceControl.Types.Action.Restart:
                await HostTool.RunCheckedAsync("systemctl", ["restart", unit], cancellationToken).ConfigureAwait(false);
                return Service(command, true, await StateAsync(unit, cancellationToken).ConfigureAwait(false));
            case ServiceControl.Types.Action.EnableNow:
                await HostTool.RunCheckedAsync("systemctl", ["enable", "--now", unit], cancellationToken).ConfigureAwait(false);
                var enabled = await StateAsync(unit, cancellationToken).ConfigureAwait(false);
                return Service(command, before != "active" || !enabledBefore, enabled);
            case ServiceControl.Types.Action.DisableNow:
                await HostTool.RunCheckedAsync("systemctl", ["disable", "--now", unit], cancellationToken).ConfigureAwait(false);
                // A unit that failed before it was stopped would stay listed as failed.
                await HostTool.RunAsync("systemctl", ["reset-failed", unit], cancellationToken).ConfigureAwait(false);
                return Service(command, before is "active" or "activating" or "failed" || enabledBefore, await StateAsync(unit, cancellationToken).ConfigureAwait(false));
            default:
                return Service(command, false, before);
        }
    }

    private static CommandResult Service(Command command, bool changed, string state) =>
        new() { Id = command.Id, K3SService = new K3sServiceState { Changed = changed, ActiveState = state } };

    private static async Task<string> StateAsync(string unit, CancellationToken cancellationToken) =>
        (await HostTool.RunAsync("systemctl", ["show", "--property=ActiveState", "--value", unit], cancellationToken).ConfigureAwait(false)).Output.Trim();

    private static async Task<bool> EnabledAsync(string unit, CancellationToken cancellationToken) =>
        (await HostTool.RunAsync("systemctl", ["is-enabled", unit], cancellationToken).ConfigureAwait(false)).Output.Trim() == "enabled";
}
