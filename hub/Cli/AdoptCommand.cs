using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PiController.Hub.Adoption;
using PiController.Hub.Api;
using PiController.Hub.Cli.Output;
using PiController.Hub.Provisioning.Ssh;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller adopt HOST --user pi</c>: a Pi without an agent, given SSH credentials once, installs the agent from
/// the hub's apt repository and enrolls with a single-use join token; the verb follows each step live (adoption.step
/// events) until the node is connected. Credentials come from a file (<c>--key</c>) and stdin, never the argument list.
/// </summary>
internal static class AdoptCommand
{
    private static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(500);
    private const int MaxIdlePolls = 10;

    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var host = new Argument<string>("host") { Description = "the Pi's host name or address, as the hub reaches it" };
        var user = new Option<string>("--user") { Description = "the login user, such as pi", Required = true };
        var port = new Option<int>("--port") { Description = "sshd's port", DefaultValueFactory = _ => SshTargetService.DefaultPort };
        var key = new Option<string?>("--key") { Description = "private key file (OpenSSH or PEM, no passphrase), such as ~/.ssh/id_ed25519" };
        var password = new Option<bool>("--password-stdin") { Description = "read the login password from the first line of stdin" };
        var sudo = new Option<bool>("--sudo-password-stdin") { Description = "read the sudo password from stdin (after the login password); without it the user is root or has NOPASSWD" };
        var jump = new Option<string?>("--jump") { Description = "a jump host: the name of another ssh target" };
        var name = new Option<string?>("--name") { Description = "the ssh target's name (default: the host); an existing target of that name and address is reused with its stored credentials" };
        var yes = new Option<bool>("--yes") { Description = "do not ask before installing the agent (needed without a terminal)" };
        var adopt = new Command("adopt", "install the agent on a Pi over SSH from the hub's apt repository and enroll it with a single-use join token (admin)");
        adopt.Arguments.Add(host);
        foreach (var option in new Option[] { user, port, key, password, sudo, jump, name, yes })
        {
            adopt.Options.Add(option);
        }
        var output = OutputOption.ForWrite(adopt, name: false);
        adopt.SetAction(async (parse, cancellationToken) =>
        {
            var keyPath = parse.GetValue(key);
            var usePassword = parse.GetValue(password);
            if (keyPath is not null && usePassword)
            {
                throw new CliException("give one of --key FILE and --password-stdin, not both (neither when the ssh target exists already)");
            }
            var targetName = parse.GetValue(name);
            if (targetName is not null)
            {
                Check(() => SshTargetService.CheckName(targetName));
            }
            var privateKey = keyPath is null ? null : await CliFiles.ReadTextAsync(keyPath, "--key", cancellationToken).ConfigureAwait(false);
            var loginPassword = usePassword ? ReadSecret("SSH password: ", "--password-stdin") : null;
            var sudoPassword = parse.GetValue(sudo) ? ReadSecret("sudo password: ", "--sudo-password-stdin") : null;
            var request = new AdoptRequest(parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(user)!, privateKey, loginPassword, sudoPassword,
                parse.GetValue(jump), targetName);
            if (!parse.GetValue(yes))
            {
                Confirm(request);
            }
            var format = output.Read(parse);
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var since = await hub.LastEventIdAsync(cancellationToken).ConfigureAwait(false);
            var started = await hub.AdoptAsync(request, cancellationToken).ConfigureAwait(false);
            var quiet = format is OutputFormat.Json or OutputFormat.Yaml or OutputFormat.Name;
            if (!quiet)
            {
                Terminal.WriteLine($"adopting {started.Address} (ssh target {started.Name}{(started.TargetCreated ? ", added" : "")}): host key {started.HostKey}");
                Terminal.WriteLine($"{started.Hostname}: {started.Architecture}, node id {started.NodeId}");
                if (!started.TargetCreated && (privateKey ?? loginPassword ?? sudoPassword) is not null)
                {
                    Terminal.WriteLine($"the stored credentials of ssh target {started.Name} were used, not the ones given (to change them: pi-controller ssh rm {started.Name}, then adopt again)");
                }
            }
            var finished = await FollowAsync(hub, started.Name, since, quiet, cancellationToken).ConfigureAwait(false);
            if (Machine.Print(format, finished, HubJsonContext.Default.AdoptionView) && finished.State == AdoptionStates.Enrolled)
            {
                return 0;
            }
            if (finished.State != AdoptionStates.Enrolled)
            {
                throw new CliException($"adopting {finished.Name} failed: {finished.Error}; next: {finished.NextAction}");
            }
            Terminal.WriteLine($"node {finished.NodeId} ({finished.Hostname}) is an agent node now: pi-controller nodes get {finished.NodeId}");
            return 0;
        });
        return adopt;
    }

    /// <summary>Prints each step as it ends (unless <paramref name="quiet"/>) until the adoption has ended and its last event arrived.</summary>
    private static async Task<AdoptionView> FollowAsync(HubClient hub, string name, long since, bool quiet, CancellationToken cancellationToken)
    {
        var filter = new EventFilter([Events.EventTypes.AdoptionStep, Events.EventTypes.AdoptionChanged], []);
        var ended = false;
        var idle = 0;
        while (true)
        {
            var page = await hub.ListEventsAsync(since, 500, filter, cancellationToken).ConfigureAwait(false);
            foreach (var e in page.Events)
            {
                since = Math.Max(since, e.Id);
                if (Text(e.Payload, "adoption") != name)
                {
                    continue;
                }
                ended |= e.Type == Events.EventTypes.AdoptionChanged && Text(e.Payload, "state") is AdoptionStates.Enrolled or AdoptionStates.Failed;
                if (!quiet && e.Type == Events.EventTypes.AdoptionStep)
                {
                    PrintStep(e.Payload);
                }
            }
            since = Math.Max(since, page.Next);
            var adoption = await hub.GetAdoptionAsync(name, cancellationToken).ConfigureAwait(false);
            idle = page.Events.Count == 0 && !adoption.Running ? idle + 1 : 0;
            // Events are stored a moment after they are published: follow until the outcome's event, or a few quiet polls.
            if (!adoption.Running && (ended || idle >= MaxIdlePolls))
            {
                return adoption;
            }
            if (page.Events.Count == 0)
            {
                await Task.Delay(FollowInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void PrintStep(JsonElement payload)
    {
        var state = Text(payload, "state");
        if (state == "running")
        {
            return;
        }
        var index = payload.GetProperty("index").GetInt32() + 1;
        var count = payload.GetProperty("count").GetInt32();
        var changed = payload.GetProperty("changed").GetBoolean() ? " (changed)" : "";
        Terminal.WriteLine(CultureInfo.InvariantCulture, $"step {index}/{count}: {(state == "done" ? "ok" : "FAILED")}{changed}  {Text(payload, "step")}");
        if (state == "failed")
        {
            Terminal.WriteLine($"    error: {Text(payload, "error").Trim()}");
        }
    }

    private static void Confirm(AdoptRequest request)
    {
        if (!TerminalInput.IsInteractive)
        {
            throw new CliException("standard input is not a terminal, so nobody can confirm the adoption: run again with --yes");
        }
        var answer = TerminalInput.Ask(
            $"As root on {request.User}@{request.Host}:{request.Port}, add the hub's apt source, install {AdoptionScripts.Package} and enroll it with a single-use join token? [y/N] ")?.Trim();
        if (answer is not ("y" or "Y" or "yes" or "Yes" or "YES"))
        {
            throw new CliException("nothing was done: the adoption was not confirmed");
        }
    }

    private static string ReadSecret(string prompt, string flag) =>
        TerminalInput.AskSecret(prompt) is { Length: > 0 } secret
            ? secret
            : throw new CliException($"{flag}: stdin ended before a password line; pipe it in, such as: pass show pi | pi-controller adopt ... {flag} --yes");

    private static string Text(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static void Check(Func<string> check)
    {
        try
        {
            check();
        }
        catch (HubException e)
        {
            throw new CliException(e.Message);
        }
    }
}
