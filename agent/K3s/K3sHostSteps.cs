using Google.Protobuf;
using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.K3s;

/// <summary>
/// Where the K3s host steps run. pi-agent.service keeps its sandbox (ProtectSystem=strict, PrivateMounts=yes,
/// ProtectKernelModules=yes, SystemCallFilter=@system-service): an agent that could write /etc, /usr/local/bin and
/// /var/lib/rancher, unmount in the host's mount namespace and read /lib/modules would have no sandbox left, and
/// ReadWritePaths= cannot name directories the install creates later or the uninstall removes. So on a real host
/// each step runs as a transient systemd service outside the sandbox:
/// <c>systemd-run --wait --collect --pipe --quiet /usr/bin/pi-agent k3s-host-step STAGING</c>, with the typed step
/// (a <see cref="Command"/>) on its standard input and its <see cref="CommandResult"/> on its standard output, so no
/// path, content or token is ever in an argument list, and that process checks the allow-list again. With a test
/// root the executor runs in the agent itself.
/// </summary>
internal sealed class K3sHostSteps(SystemRoot root, string stagingDirectory, TimeProvider time)
{
    /// <summary>The argument that makes pi-agent run one host step (see <see cref="K3sHostStepMain"/>).</summary>
    public const string Verb = "k3s-host-step";

    public string StagingDirectory => stagingDirectory;

    public async Task<CommandResult> RunAsync(Command command, CancellationToken cancellationToken)
    {
        if (root.Root != "/")
        {
            return await new K3sHostExecutor(root, stagingDirectory, time).RunAsync(command, cancellationToken).ConfigureAwait(false);
        }
        var self = Environment.ProcessPath ?? "/usr/bin/pi-agent";
        var result = await HostTool.RunAsync("systemd-run",
            ["--wait", "--collect", "--pipe", "--quiet", "--service-type=exec", $"--description=pi-agent K3s step {command.OpCase}",
                self, Verb, stagingDirectory],
            cancellationToken, command.ToByteArray()).ConfigureAwait(false);
        if (result.Succeeded)
        {
            try
            {
                return CommandResult.Parser.ParseFrom(Convert.FromBase64String(result.Output.Trim()));
            }
            catch (Exception e) when (e is FormatException or InvalidProtocolBufferException)
            {
                // Falls through to the failure below: the step printed something that is not its result.
            }
        }
        return K3sHostExecutor.Failure(command.Id, CommandError.Types.Code.Internal,
            $"the K3s step ran as a transient systemd unit (systemd-run) and failed (exit {result.ExitCode}): {result.Error.Trim()}; see journalctl -u pi-agent");
    }
}
