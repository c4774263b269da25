using System.CommandLine;
using System.Text;
using PiController.Hub.Hosting;

namespace PiController.Hub.Cli.Help;

/// <summary>
/// The manual pages, made from the command tree: pi-controller(1) and pi-controller-VERB(1) for every verb that is
/// not hidden (pi-controller-nodes-ls(1) ...), each with NAME, SYNOPSIS, DESCRIPTION, COMMANDS or OPTIONS,
/// EXAMPLES, EXIT STATUS and SEE ALSO. No date in them, so the same tree makes the same bytes (reproducible packages).
/// </summary>
internal static class ManPages
{
    public static IEnumerable<(string FileName, string Text)> Render(RootCommand root) =>
        Commands(root).Select(c => (PageName(c) + ".1", Page(c, root)));

    public static IEnumerable<Command> Commands(Command command) =>
        command.Subcommands.Where(c => !c.Hidden).SelectMany(Commands).Prepend(command);

    public static string PageName(Command command) =>
        command is RootCommand ? "pi-controller" : "pi-controller-" + CliExamples.PathOf(command).Replace(' ', '-');

    private static string Page(Command command, RootCommand root)
    {
        var path = CliExamples.PathOf(command);
        var invocation = path.Length == 0 ? "pi-controller" : "pi-controller " + path;
        var text = new StringBuilder();
        text.Append($".TH \"{PageName(command).ToUpperInvariant()}\" 1 \"\" \"pi-controller {HubVersion.Current}\" \"Pi-Controller Manual\"\n");
        text.Append(".SH NAME\n").Append(Roff(PageName(command))).Append(" \\- ").Append(Roff(command.Description ?? "")).Append('\n');

        text.Append(".SH SYNOPSIS\n.B ").Append(Roff(invocation)).Append('\n');
        var synopsis = new List<string>();
        if (command.Subcommands.Any(c => !c.Hidden))
        {
            synopsis.Add(command.Action is null ? "\\fICOMMAND\\fR" : "[\\fICOMMAND\\fR]");
        }
        synopsis.AddRange(command.Arguments.Where(a => !a.Hidden).Select(a =>
            (a.Arity.MinimumNumberOfValues == 0 ? "[" : "") + "\\fI" + Roff(a.Name) + "\\fR" + (a.Arity.MaximumNumberOfValues > 1 ? "..." : "") + (a.Arity.MinimumNumberOfValues == 0 ? "]" : "")));
        if (Options(command, root).Any())
        {
            synopsis.Add("[\\fIOPTIONS\\fR]");
        }
        if (synopsis.Count > 0)
        {
            text.Append(string.Join(' ', synopsis)).Append('\n');
        }

        text.Append(".SH DESCRIPTION\n").Append(Roff(Sentence(command.Description ?? ""))).Append('\n');
        if (command.Aliases.Count > 0)
        {
            text.Append(".PP\nAlso: ").Append(string.Join(", ", command.Aliases.Select(a => "\\fB" + Roff(a) + "\\fR"))).Append(".\n");
        }
        if (command is RootCommand)
        {
            text.Append(".PP\n").Append(Roff("pi-controller serve runs the hub: REST, gRPC, the agents' link and an apt repository on one TLS port (8443 by default), with its own certificate authority. Every other verb is a client of a hub: the one named by --hub, --context or the current context of the client config, else the hub whose data directory is on this machine (see CONTEXTS).")).Append('\n');
        }

        var subcommands = command.Subcommands.Where(c => !c.Hidden).ToList();
        if (subcommands.Count > 0)
        {
            text.Append(".SH COMMANDS\n");
            foreach (var sub in subcommands)
            {
                text.Append(".TP\n.B ").Append(Roff(sub.Name)).Append('\n').Append(Roff(sub.Description ?? "")).Append(" See \\fB").Append(Roff(PageName(sub))).Append("\\fR(1).\n");
            }
        }
        var arguments = command.Arguments.Where(a => !a.Hidden).ToList();
        if (arguments.Count > 0)
        {
            text.Append(".SH ARGUMENTS\n");
            foreach (var argument in arguments)
            {
                text.Append(".TP\n.I ").Append(Roff(argument.Name)).Append('\n').Append(Roff(argument.Description ?? "")).Append('\n');
            }
        }
        var options = Options(command, root).ToList();
        if (options.Count > 0)
        {
            text.Append(".SH OPTIONS\n");
            foreach (var option in options)
            {
                var names = string.Join(", ", option.Aliases.Prepend(option.Name).Distinct().OrderByDescending(n => n.Length).Select(n => "\\fB" + Roff(n) + "\\fR"));
                var value = option.ValueType == typeof(bool) ? "" : " \\fI" + Roff(option.HelpName ?? option.Name.TrimStart('-').ToUpperInvariant()) + "\\fR";
                text.Append(".TP\n").Append(names).Append(value).Append('\n').Append(Roff(option.Description ?? "")).Append('\n');
            }
        }
        if (command is not RootCommand)
        {
            text.Append(".PP\nThe options every verb takes (\\fB\\-\\-hub\\fR, \\fB\\-\\-context\\fR, \\fB\\-\\-config\\fR, ...) are in \\fBpi-controller\\fR(1).\n");
        }
        else
        {
            RootSections(text);
        }

        var examples = CliExamples.For(command);
        if (examples.Count > 0)
        {
            text.Append(".SH EXAMPLES\n");
            foreach (var example in examples)
            {
                text.Append(".PP\n").Append(Roff(Sentence(example.Comment))).Append("\n.PP\n.RS 4\n.EX\n").Append(Roff(example.Line)).Append("\n.EE\n.RE\n");
            }
        }

        text.Append(".SH EXIT STATUS\n");
        foreach (var (code, meaning) in ExitCodes.All)
        {
            text.Append(".TP\n.B ").Append(code.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n').Append(Roff(Sentence(meaning))).Append('\n');
        }

        text.Append(".SH SEE ALSO\n");
        var related = new List<string>();
        if (command.Parents.FirstOrDefault() is Command parent)
        {
            related.Add(PageName(parent));
        }
        related.AddRange(subcommands.Select(PageName));
        var seeAlso = related.Select(r => "\\fB" + Roff(r) + "\\fR(1)").ToList();
        if (command is RootCommand)
        {
            seeAlso.Add("\\fBpi-agent\\fR(8)");
        }
        text.Append(string.Join(",\n", seeAlso)).Append('\n');
        return text.ToString();
    }

    /// <summary>The options a verb takes: its own, and on the root the ones every verb shares (help and version aside).</summary>
    private static IEnumerable<Option> Options(Command command, RootCommand root) =>
        command.Options.Where(o => !o.Hidden && (command == root || !o.Recursive) && o.Name is not ("--help" or "--version"));

    private static void RootSections(StringBuilder text)
    {
        text.Append(".SH CONTEXTS\n").Append(Roff(
            "Each of the hub's address, its CA fingerprint and the API token comes from the first of: the flag (--hub, --ca-fingerprint, --token); the environment (PI_CONTROLLER_HUB, PI_CONTROLLER_CA_FINGERPRINT, PI_CONTROLLER_TOKEN); the chosen context of the client config (--context, else PI_CONTROLLER_CONTEXT, else its current context); the hub's data directory on this machine (https://127.0.0.1:8443, its ca.crt and admin.token). pi-controller login saves a context; pi-controller config lists and switches them.")).Append('\n');
        text.Append(".SH ENVIRONMENT\n");
        foreach (var (name, meaning) in new[]
        {
            ("PI_CONTROLLER_HUB", "the hub's address, as --hub."),
            ("PI_CONTROLLER_CA_FINGERPRINT", "the SHA-256 of the hub CA, as --ca-fingerprint."),
            ("PI_CONTROLLER_TOKEN", "the API token, as --token."),
            ("PI_CONTROLLER_CONTEXT", "the context to use, as --context."),
            ("PI_CONTROLLER_CONFIG", "the client config file, as --config."),
            ("PI_CONTROLLER_DATA_DIR", "the hub's data directory, as --data-dir."),
            ("XDG_CONFIG_HOME", "where the client config is by default: $XDG_CONFIG_HOME/pi-controller/config (else ~/.config/pi-controller/config)."),
        })
        {
            text.Append(".TP\n.B ").Append(Roff(name)).Append('\n').Append(Roff(meaning)).Append('\n');
        }
        text.Append(".SH FILES\n");
        foreach (var (path, meaning) in new[]
        {
            ("~/.config/pi-controller/config", "the client config: contexts (mode 0600), with their token files in tokens/ beside it."),
            ("/etc/pi-controller/hub.env", "extra arguments of the service (PI_CONTROLLER_SERVE_ARGS)."),
            ("/var/lib/pi-controller/", "the hub's data: hub.db, secret.key (seals every key below), the CA (ca.crt, ca.key.enc), the server certificate, the apt signing key and tree (apt/), and the cleartext hand-over files admin.token and join.token (remove them with pi-controller token forget-files once their tokens are kept elsewhere)."),
            ("/usr/share/pi-controller/packages/", "the agent packages this package brings along; the hub adds them to its apt repository."),
        })
        {
            text.Append(".TP\n.I ").Append(Roff(path)).Append('\n').Append(Roff(meaning)).Append('\n');
        }
    }

    private static string Sentence(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..] + (text.EndsWith('.') || text.EndsWith('?') ? "" : ".");

    /// <summary>Text made safe for roff: backslashes escaped, hyphens of options kept as hyphens, no line that starts a request.</summary>
    private static string Roff(string text)
    {
        var escaped = text.Replace("\\", "\\e", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        return escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" + escaped : escaped;
    }
}
