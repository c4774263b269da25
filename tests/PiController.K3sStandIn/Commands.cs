using System.Text.Json;
using PiController.K3sStandIn.Cli;
using PiController.K3sStandIn.Join;
using PiController.K3sStandIn.Node;
using PiController.K3sStandIn.Snapshots;
using PiController.K3sStandIn.Server;

namespace PiController.K3sStandIn;

/// <summary>
/// The commands of the stand-in k3s: server, agent, etcd-snapshot save|ls, --version. Called through the links
/// install.sh makes (kubectl, crictl, ctr), or with any other command, it says it has no such command and exits 1:
/// it provides none of them. Every failure is one K3s-style fatal line and exit code 1, as K3s exits.
/// </summary>
internal static class Commands
{
    private const string Provided = "server, agent, etcd-snapshot save|ls|delete|prune and --version";

    public static async Task<int> RunAsync(string program, string[] arguments)
    {
        var invokedAs = Path.GetFileName(program);
        if (invokedAs is "kubectl" or "crictl" or "ctr")
        {
            return Log.Fatal($"{invokedAs} is a link to the stand-in k3s (a test double), which has no {invokedAs}; it provides {Provided}");
        }
        try
        {
            switch (arguments.FirstOrDefault())
            {
                case null or "help" or "--help" or "-h":
                    Console.WriteLine($"k3s (stand-in, a test double of K3s {StandInVersion.Version}); commands: {Provided}. See docs/provisioning.md.");
                    return 0;
                case "--version" or "-v":
                    Console.WriteLine(StandInVersion.Line);
                    return 0;
                case "server" or "agent" when arguments.Skip(1).Any(a => a is "--help" or "-h"):
                    Console.WriteLine($"k3s {arguments[0]} (stand-in) flags: {string.Join(", ", Flags.Of(arguments[0]).Select(f => "--" + f.Name))}");
                    return 0;
                case "server":
                    return await ServerCommand.RunAsync(Settings.Parse("server", arguments[1..]));
                case "agent":
                    return await AgentCommand.RunAsync(Settings.Parse("agent", arguments[1..]));
                case "etcd-snapshot":
                    return EtcdSnapshotCommand.Run(arguments[1..]);
                case var other:
                    return Log.Fatal($"the stand-in k3s (a test double) has no command \"{other}\"; it provides {Provided}");
            }
        }
        catch (Exception e) when (e is UsageException or JoinRefusedException or InvalidDataException or FormatException or JsonException
            or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            return Log.Fatal(e.Message);
        }
        catch (Exception e)
        {
            // A fault of the stand-in itself: one line with its kind, as every other failure, never a stack trace.
            return Log.Fatal($"stand-in k3s failed: {e.GetType().Name}: {e.Message}");
        }
    }
}
