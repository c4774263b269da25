using Google.Protobuf;
using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.K3s;

/// <summary>
/// <c>pi-agent k3s-host-step STAGING</c>: reads one typed K3s step (a <see cref="Command"/>) from standard input, runs
/// it on the host (<see cref="K3sHostExecutor"/>, allow-list checked again) and prints its result, base64, on standard
/// output. Started by the agent through systemd-run, outside the agent's sandbox; never by a person.
/// </summary>
internal static class K3sHostStepMain
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length != 2 || !Path.IsPathFullyQualified(args[1]))
        {
            await Console.Error.WriteLineAsync("pi-agent k3s-host-step STAGING_DIRECTORY reads a K3s step from standard input; the agent starts it, not a person").ConfigureAwait(false);
            return 2;
        }
        Command command;
        try
        {
            using var input = Console.OpenStandardInput();
            command = Command.Parser.ParseFrom(input);
        }
        catch (InvalidProtocolBufferException e)
        {
            await Console.Error.WriteLineAsync($"pi-agent k3s-host-step: standard input is not a K3s step: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        var result = K3sHostExecutor.Handles(command)
            ? await new K3sHostExecutor(SystemRoot.Host, args[1], TimeProvider.System).RunAsync(command, cancellationToken).ConfigureAwait(false)
            : K3sHostExecutor.Failure(command.Id, CommandError.Types.Code.InvalidArgument, $"\"{command.OpCase}\" is not a K3s host step");
        await Console.Out.WriteLineAsync(Convert.ToBase64String(result.ToByteArray())).ConfigureAwait(false);
        return 0;
    }
}
