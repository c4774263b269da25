using System.CommandLine;
using PiController.Hub.Api;
using PiController.Hub.Cli.Output;
using PiController.Hub.Provisioning.Ssh;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller ssh add|ls|get|rm|accept-key|check</c>: the hosts the hub provisions over SSH (Pis without an agent).
/// Credentials never come from the argument list: the key from a file (<c>--key</c>), passwords from stdin
/// (<c>--password-stdin</c>, then <c>--sudo-password-stdin</c>: one line each, in that order); the hub seals them.
/// </summary>
internal static class SshCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var ssh = new Command("ssh", "hosts the hub provisions over SSH: address, credentials (kept sealed), jump hosts, the pinned host key");
        ssh.Subcommands.Add(Add(client));
        ssh.Subcommands.Add(List(client));
        ssh.Subcommands.Add(Get(client));
        ssh.Subcommands.Add(Remove(client));
        ssh.Subcommands.Add(AcceptKey(client));
        ssh.Subcommands.Add(Check(client));
        return ssh;
    }

    private static Command Add(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the target's name; a cluster plan names it ssh:NAME" };
        var host = new Option<string>("--host") { Description = "host name or address", Required = true };
        var port = new Option<int>("--port") { Description = "sshd's port", DefaultValueFactory = _ => SshTargetService.DefaultPort };
        var user = new Option<string>("--user") { Description = "the login user, such as pi", Required = true };
        var key = new Option<string?>("--key") { Description = "private key file (OpenSSH or PEM, no passphrase), such as ~/.ssh/id_ed25519" };
        var password = new Option<bool>("--password-stdin") { Description = "read the login password from the first line of stdin" };
        var sudo = new Option<bool>("--sudo-password-stdin") { Description = "read the sudo password from stdin (after the login password); without it the user is root or has NOPASSWD" };
        var jumps = new Option<string[]>("--jump") { Description = "a jump host (another ssh target); repeat for a chain, first hop first", AllowMultipleArgumentsPerToken = false };
        var add = new Command("add", "add an SSH target; its host key is pinned on the first connection (admin)");
        add.Arguments.Add(name);
        foreach (var option in new Option[] { host, port, user, key, password, sudo, jumps })
        {
            add.Options.Add(option);
        }
        var output = OutputOption.ForWrite(add, name: false);
        add.SetAction(async (parse, cancellationToken) =>
        {
            var keyPath = parse.GetValue(key);
            var usePassword = parse.GetValue(password);
            if ((keyPath is null) == !usePassword)
            {
                throw new CliException("give exactly one of --key FILE and --password-stdin");
            }
            var privateKey = keyPath is null ? null : await CliFiles.ReadTextAsync(keyPath, "--key", cancellationToken).ConfigureAwait(false);
            var loginPassword = usePassword ? ReadSecret("SSH password: ", "--password-stdin") : null;
            var sudoPassword = parse.GetValue(sudo) ? ReadSecret("sudo password: ", "--sudo-password-stdin") : null;
            var request = new SshTargetCreateRequest(Check(() => SshTargetService.CheckName(parse.GetValue(name))), parse.GetValue(host)!, parse.GetValue(port),
                parse.GetValue(user)!, privateKey, loginPassword, sudoPassword, parse.GetValue(jumps) ?? []);
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var target = await hub.AddSshTargetAsync(request, cancellationToken).ConfigureAwait(false);
            if (!Machine.Print(output.Read(parse), target, HubJsonContext.Default.SshTarget))
            {
                Terminal.WriteLine($"ssh target {target.Name} added ({target.Address}); its host key is pinned on the first connection (pi-controller ssh get {target.Name} shows it)");
            }
            return 0;
        });
        return add;
    }

    private static Command List(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var ls = new Command("ls", "list the SSH targets: address, auth, sudo, jump hosts, pinned host key");
        ls.Aliases.Add("list");
        var output = OutputOption.ForRead(ls, name: false);
        ls.SetAction(async (parse, cancellationToken) =>
        {
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var targets = await hub.ListSshTargetsAsync(cancellationToken).ConfigureAwait(false);
            var format = output.Read(parse);
            if (!Machine.Print(format, targets, HubJsonContext.Default.IReadOnlyListSshTarget))
            {
                Terminal.WriteLine(SshTargetText.Table(targets, format == OutputFormat.Wide));
            }
            return 0;
        });
        return ls;
    }

    private static Command Get(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the target's name" };
        var get = new Command("get", "show one SSH target with its pinned host key");
        get.Arguments.Add(name);
        var output = OutputOption.ForRead(get, name: false);
        get.SetAction(async (parse, cancellationToken) =>
        {
            var target = Check(() => SshTargetService.CheckName(parse.GetValue(name)));
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var found = await hub.GetSshTargetAsync(target, cancellationToken).ConfigureAwait(false);
            if (!Machine.Print(output.Read(parse), found, HubJsonContext.Default.SshTarget))
            {
                Terminal.WriteLine(SshTargetText.Describe(found));
            }
            return 0;
        });
        return get;
    }

    private static Command Remove(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the target's name" };
        var rm = new Command("rm", "remove an SSH target and its sealed credentials (admin)");
        rm.Aliases.Add("remove");
        rm.Arguments.Add(name);
        var output = OutputOption.ForWrite(rm, name: false);
        rm.SetAction(async (parse, cancellationToken) =>
        {
            var target = Check(() => SshTargetService.CheckName(parse.GetValue(name)));
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var removed = await hub.DeleteSshTargetAsync(target, cancellationToken).ConfigureAwait(false);
            if (!Machine.Print(output.Read(parse), removed, HubJsonContext.Default.SshTarget))
            {
                Terminal.WriteLine($"ssh target {removed.Name} removed, with its credentials");
            }
            return 0;
        });
        return rm;
    }

    private static Command AcceptKey(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the target's name" };
        var fingerprint = new Option<string>("--fingerprint") { Description = "the new host key's SHA256 fingerprint, as the changed-key error shows it", Required = true };
        var accept = new Command("accept-key", "trust a new host key of an SSH target (after the host was reinstalled) (admin)");
        accept.Arguments.Add(name);
        accept.Options.Add(fingerprint);
        var output = OutputOption.ForWrite(accept, name: false);
        accept.SetAction(async (parse, cancellationToken) =>
        {
            var target = Check(() => SshTargetService.CheckName(parse.GetValue(name)));
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var updated = await hub.AcceptSshHostKeyAsync(target, parse.GetValue(fingerprint)!, cancellationToken).ConfigureAwait(false);
            if (!Machine.Print(output.Read(parse), updated, HubJsonContext.Default.SshTarget))
            {
                Terminal.WriteLine($"ssh target {updated.Name} now trusts the host key {updated.HostKey?.Fingerprint}, and only that one");
            }
            return 0;
        });
        return accept;
    }

    private static Command Check(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the target's name" };
        var check = new Command("check", "connect once as a plan would: pin the host key on first use, read a few facts, check that steps can become root (admin)");
        check.Arguments.Add(name);
        var output = OutputOption.ForWrite(check, name: false);
        check.SetAction(async (parse, cancellationToken) =>
        {
            var target = Check(() => SshTargetService.CheckName(parse.GetValue(name)));
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var result = await hub.CheckSshTargetAsync(target, cancellationToken).ConfigureAwait(false);
            if (!Machine.Print(output.Read(parse), result, HubJsonContext.Default.SshCheckResult))
            {
                Terminal.WriteLine(SshCheck.Describe(result));
            }
            return result.RootError is null ? 0 : 1;
        });
        return check;
    }

    private static string ReadSecret(string prompt, string flag) =>
        TerminalInput.AskSecret(prompt) is { Length: > 0 } secret
            ? secret
            : throw new CliException($"{flag}: stdin ended before a password line; pipe it in, such as: pass show pi | pi-controller ssh add ... {flag}");

    private static T Check<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (HubException e)
        {
            throw new CliException(e.Message);
        }
    }
}
