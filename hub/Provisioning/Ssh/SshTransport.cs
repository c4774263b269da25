using System.Text;
using PiController.Hub.Provisioning.Artifacts;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Preflight;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>
/// A node reached over SSH: each step is the exact script of <see cref="SshStepScripts"/>, run as root the target's way
/// (<see cref="SshSudo"/>), with sudo's password as the first line of stdin, then the file or release file the step
/// places; stdout, stderr and the exit code of every step are kept in its <see cref="StepResult"/>.
/// </summary>
internal sealed class SshTransport(SshTarget target, SshCredentials credentials, SshSession session, K3sArtifactStore artifacts,
    SshTransportOptions options, TimeProvider time, ILogger logger) : INodeTransport
{
    private readonly SshSudo _sudo = SshCommandLine.SudoOf(target);

    public string Description => $"ssh {target.Address}" + (target.Jumps.Count == 0 ? "" : $" via {string.Join(", ", target.Jumps)}");

    /// <summary>The SSH host: where the other nodes reach this one (the first server's address in their config).</summary>
    public string? Address => target.Host;

    public async Task<PreflightFacts> GatherFactsAsync(IReadOnlyList<string> otherHostnames, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow();
        var run = await RunAsync(SshFacts.Script, asRoot: false, null, options.StepTimeout, cancellationToken).ConfigureAwait(false);
        var after = time.GetUtcNow();
        return SshFacts.Parse(run.Output, before, after, otherHostnames);
    }

    public async Task<StepResult> RunAsync(InstallStep step, IReadOnlySet<string> changedPaths, CancellationToken cancellationToken)
    {
        var remote = SshStepScripts.For(step, changedPaths);
        if (remote == SshStep.Nothing)
        {
            return StepResult.Done(changed: false, "nothing it watches changed in this run");
        }
        Func<Stream, CancellationToken, Task>? payload = null;
        var timeout = options.StepTimeout;
        if (remote.ArtifactSha256 is { } sha256)
        {
            var probe = await RunAsync(SshStepScripts.HashOf(step.Path!), asRoot: true, null, timeout, cancellationToken).ConfigureAwait(false);
            if (probe.Succeeded && string.Equals(probe.Output.Trim(), sha256, StringComparison.OrdinalIgnoreCase))
            {
                return new StepResult(true, false, $"{step.Path} has sha256 {sha256} already", probe.Error, probe.ExitCode);
            }
            if (artifacts.Find(sha256) is not { } artifact)
            {
                return StepResult.Failed($"the hub keeps no release file with sha256 {sha256}; import or fetch the release first (pi-controller k3s ls)");
            }
            payload = (stdin, ct) => CopyFileAsync(artifact.Path, stdin, ct);
            timeout = options.TransferTimeout;
        }
        else if (remote.Content is { } content)
        {
            payload = (stdin, ct) => stdin.WriteAsync(Encoding.UTF8.GetBytes(content.Reveal()), ct).AsTask();
        }
        var run = await RunAsync(remote.Script, asRoot: true, payload, timeout, cancellationToken).ConfigureAwait(false);
        SshLog.Step(logger, target.Name, step.GetType().Name, step.Path ?? "", run.ExitCode);
        return Result(run);
    }

    public async Task<string?> ReadK3sFileAsync(K3sFile file, CancellationToken cancellationToken)
    {
        var run = Require(await RunAsync(SshQueries.ReadFile(file), asRoot: true, null, options.StepTimeout, cancellationToken).ConfigureAwait(false),
            $"reading {K3sFiles.PathOf(file)}");
        var prefix = SshQueries.Present + "\n";
        return run.Output.StartsWith(prefix, StringComparison.Ordinal) ? run.Output[prefix.Length..] : null;
    }

    public async Task<string> ServiceStateAsync(string unit, CancellationToken cancellationToken) =>
        Require(await RunAsync(SshQueries.ServiceState(unit), asRoot: false, null, options.StepTimeout, cancellationToken).ConfigureAwait(false),
            $"asking systemd for {unit}'s state").Output.Trim();

    public async Task<string> BootIdAsync(CancellationToken cancellationToken) =>
        Require(await RunAsync(SshQueries.BootId, asRoot: false, null, options.StepTimeout, cancellationToken).ConfigureAwait(false),
            "reading the boot id").Output.Trim();

    public async Task FixBootCmdlineAndRebootAsync(string cmdlinePath, string text, CancellationToken cancellationToken)
    {
        if (!SshQueries.CmdlineFiles.Contains(cmdlinePath))
        {
            throw new ArgumentException($"{cmdlinePath} is not a boot command line file ({string.Join(" or ", SshQueries.CmdlineFiles)})", nameof(cmdlinePath));
        }
        var write = new WriteFile(cmdlinePath, FileContent.Plain(text), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, FileKind.Config);
        var result = await RunAsync(write, new HashSet<string>(), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new NodeUnreachableException($"{Description}: writing {cmdlinePath} failed (exit {result.ExitCode}): {result.Error.Trim()}");
        }
        Require(await RunAsync(SshQueries.Reboot, asRoot: true, null, options.StepTimeout, cancellationToken).ConfigureAwait(false), "asking for a reboot");
    }

    public async Task<EtcdSnapshotOutcome> EtcdSnapshotAsync(EtcdSnapshotRequest request, CancellationToken cancellationToken)
    {
        var run = await RunAsync(SshSnapshotScripts.Script(request), asRoot: true, null, options.StepTimeout, cancellationToken).ConfigureAwait(false);
        SshLog.Step(logger, target.Name, "EtcdSnapshot" + request.Action, "", run.ExitCode);
        return SshSnapshotScripts.Parse(request, run);
    }

    /// <summary>Whether steps can become root the target's way (<c>id -u</c> as root answers 0); null when they can, else what went wrong.</summary>
    public async Task<string?> CheckRootAsync(CancellationToken cancellationToken)
    {
        var run = await RunAsync(SshQueries.UserId, asRoot: true, null, options.StepTimeout, cancellationToken).ConfigureAwait(false);
        return run.Succeeded && run.Output.Trim() == "0" ? null
            : $"becoming root failed (exit {run.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}): {(run.Error.Trim().Length > 0 ? run.Error.Trim() : run.Output.Trim())}";
    }

    /// <summary>Runs a script of another feature's pure builder (adopt) the way steps run: as root the target's way, <paramref name="content"/> on stdin after sudo's password line.</summary>
    public Task<SshRun> RunScriptAsync(string script, bool asRoot, FileContent? content, CancellationToken cancellationToken) =>
        RunAsync(script, asRoot, content is null ? null : (stdin, ct) => stdin.WriteAsync(Encoding.UTF8.GetBytes(content.Reveal()), ct).AsTask(),
            options.StepTimeout, cancellationToken);

    public ValueTask DisposeAsync()
    {
        session.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A step's outcome: the marker line says whether it changed the node and is not part of its output.</summary>
    internal static StepResult Result(SshRun run)
    {
        var lines = run.Output.TrimEnd('\n').Split('\n').ToList();
        var changed = lines.Count > 0 && lines[^1] == SshStep.Changed;
        if (lines.Count > 0 && lines[^1] is SshStep.Changed or SshStep.Unchanged)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        var output = string.Join('\n', lines);
        return run.Succeeded
            ? new StepResult(true, changed, output, run.Error, run.ExitCode)
            : StepResult.Failed(run.Error.Trim().Length > 0 ? run.Error : $"the command ended with exit code {run.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (a signal)"}", output, run.ExitCode);
    }

    private SshRun Require(SshRun run, string what) => run.Succeeded ? run
        : throw new NodeUnreachableException($"{Description}: {what} failed (exit {run.ExitCode}): {run.Error.Trim()}");

    private async Task<SshRun> RunAsync(string script, bool asRoot, Func<Stream, CancellationToken, Task>? payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var commandLine = asRoot ? SshCommandLine.AsRoot(script, _sudo) : SshCommandLine.AsUser(script);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var needsPassword = asRoot && _sudo == SshSudo.Password;
        Func<Stream, CancellationToken, Task>? input = needsPassword || payload is not null
            ? async (stdin, ct) =>
            {
                if (needsPassword)
                {
                    await stdin.WriteAsync(Encoding.UTF8.GetBytes(credentials.SudoPassword + "\n"), ct).ConfigureAwait(false);
                }
                if (payload is not null)
                {
                    await payload(stdin, ct).ConfigureAwait(false);
                }
            }
            : null;
        try
        {
            return await session.RunAsync(commandLine, input, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new SshRun(null, "", $"the command did not finish within {timeout}; the node may be overloaded or the link too slow");
        }
    }

    private static async Task CopyFileAsync(string path, Stream stdin, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 256 * 1024, useAsync: true);
        await file.CopyToAsync(stdin, 256 * 1024, cancellationToken).ConfigureAwait(false);
    }
}
