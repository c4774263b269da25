using System.CommandLine;
using System.Net;
using PiController.Hub.Cli.Help;
using PiController.Hub.Hosting;
using PiController.Hub.Security;
using PiController.Protocol.Trust;

namespace PiController.Hub.Cli;

/// <summary>The pi-controller command tree: <c>serve</c> runs the hub; every other verb is a client of it.</summary>
internal static class HubCommandLine
{
    private static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "the hub's data directory (default /var/lib/pi-controller; PI_CONTROLLER_DATA_DIR)",
        Recursive = true,
    };
    private static readonly Option<string?> Hub = new("--hub") { Description = "the hub (PI_CONTROLLER_HUB; default: the context's, else https://127.0.0.1:8443)", Recursive = true };
    private static readonly Option<string?> Token = new("--token") { Description = "API token (PI_CONTROLLER_TOKEN; default: the context's, else admin.token in --data-dir)", Recursive = true };
    private static readonly Option<string?> Context = new("--context") { Description = "the context of the client config to use (PI_CONTROLLER_CONTEXT; default: its current context)", Recursive = true };
    private static readonly Option<string?> Config = new("--config")
    {
        Description = "the client config file (PI_CONTROLLER_CONFIG; default $XDG_CONFIG_HOME/pi-controller/config, else ~/.config/pi-controller/config)",
        Recursive = true,
    };
    private static readonly Option<string?> CaFingerprint = new("--ca-fingerprint") { Description = "SHA-256 of the hub CA (PI_CONTROLLER_CA_FINGERPRINT; default: the context's, else ca.crt in --data-dir)", Recursive = true };

    public static RootCommand Build()
    {
        var root = new RootCommand("pi-controller: the hub of a Raspberry Pi fleet, and its command-line client");
        root.Options.Add(DataDir);
        root.Options.Add(Hub);
        root.Options.Add(Token);
        root.Options.Add(CaFingerprint);
        root.Options.Add(Context);
        root.Options.Add(Config);
        root.Subcommands.Add(Serve());
        root.Subcommands.Add(NodesCommand.Build(Client));
        root.Subcommands.Add(Ca());
        root.Subcommands.Add(TokenCommand.Build(DataDirectory));
        root.Subcommands.Add(AuditCommand.Build());
        root.Subcommands.Add(DiscoverCommand.Build(Client));
        root.Subcommands.Add(AptCommand.Build(DataDirectory));
        root.Subcommands.Add(GpioCommand.Build(Client));
        root.Subcommands.Add(PwmCommand.Build(Client));
        root.Subcommands.Add(I2cCommand.Build(Client));
        root.Subcommands.Add(EventsCommand.Build());
        root.Subcommands.Add(K3sCommand.Build(Client));
        root.Subcommands.Add(SshCommand.Build(Client));
        root.Subcommands.Add(AdoptCommand.Build(Client));
        root.Subcommands.Add(ClusterCommand.Build(Client));
        foreach (var verb in ResourceCommand.Build(Client))
        {
            root.Subcommands.Add(verb);
        }
        root.Subcommands.Add(LoginCommand.Build(Flags));
        root.Subcommands.Add(ConfigCommand.Build(Flags));
        root.Subcommands.Add(VersionCommand.Build(Client));
        CompletionCommand.AddTo(root);
        RefuseUnknownOptionsAsArguments(root);
        CompletionSources.AddTo(root, Client);
        CliHelp.AddTo(root);
        return root;
    }

    /// <summary>
    /// An argument that takes any number of values would otherwise swallow a mistyped option ("--nodes") as one of
    /// them; no value of an argument here starts with "--", so such a token is an unknown option.
    /// </summary>
    private static void RefuseUnknownOptionsAsArguments(Command command)
    {
        foreach (var argument in command.Arguments)
        {
            argument.Validators.Add(result =>
            {
                if (result.Tokens.FirstOrDefault(t => t.Value.StartsWith("--", StringComparison.Ordinal)) is { } token)
                {
                    result.AddError($"unknown option {token.Value}");
                }
            });
        }
        foreach (var sub in command.Subcommands)
        {
            RefuseUnknownOptionsAsArguments(sub);
        }
    }

    private static Command Serve()
    {
        var address = new Option<string>("--address") { Description = "address to listen on", DefaultValueFactory = _ => "0.0.0.0" };
        var port = new Option<int>("--port") { Description = "TLS port for everything (REST, gRPC, agents)", DefaultValueFactory = _ => HubOptions.DefaultPort };
        var sans = new Option<string[]>("--tls-san") { Description = "extra DNS name or IP address for the server certificate (repeatable)", AllowMultipleArgumentsPerToken = true };
        var heartbeat = new Option<int>("--heartbeat-seconds") { Description = "how often agents report metrics", DefaultValueFactory = _ => 5 };
        var certDays = new Option<int>("--node-cert-days") { Description = "lifetime of agents' client certificates (they rotate at 2/3 of it)", DefaultValueFactory = _ => 30 };
        var serve = new Command("serve", "run the hub");
        serve.Options.Add(address);
        serve.Options.Add(port);
        serve.Options.Add(sans);
        serve.Options.Add(heartbeat);
        serve.Options.Add(certDays);
        DiscoveryServeOptions.AddTo(serve);
        EventServeOptions.AddTo(serve);
        AuditServeOptions.AddTo(serve);
        K3sCommand.AddServeOptions(serve);
        serve.SetAction(async (parse, cancellationToken) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(address), out var ip))
            {
                throw new CliException($"--address must be an IP address, got \"{parse.GetValue(address)}\"");
            }
            var p = parse.GetValue(port);
            if (p is < 1 or > 65535)
            {
                throw new CliException($"--port must be between 1 and 65535, got {p}");
            }
            var beat = parse.GetValue(heartbeat);
            if (beat is < 1 or > 3600)
            {
                throw new CliException($"--heartbeat-seconds must be between 1 and 3600, got {beat}");
            }
            var days = parse.GetValue(certDays);
            if (days is < 1 or > 3650)
            {
                throw new CliException($"--node-cert-days must be between 1 and 3650, got {days}");
            }
            var names = parse.GetValue(sans) ?? [];
            if (names.FirstOrDefault(n => Uri.CheckHostName(n.StartsWith("*.", StringComparison.Ordinal) ? n[2..] : n) == UriHostNameType.Unknown) is { } bad)
            {
                throw new CliException($"--tls-san must be a DNS name or an IP address, got \"{bad}\"");
            }
            var dataDirectory = Path.GetFullPath(DataDirectory(parse));
            if (File.Exists(dataDirectory))
            {
                throw new CliException($"--data-dir {dataDirectory} is a file; name a directory (it is created if missing)");
            }
            var (auditRetention, auditMaxRows) = AuditServeOptions.Read(parse);
            var options = new HubOptions
            {
                NodeCertificateLifetime = TimeSpan.FromDays(days),
                DataDirectory = dataDirectory,
                Address = ip,
                Port = p,
                TlsSubjectAlternativeNames = names,
                HeartbeatInterval = TimeSpan.FromSeconds(beat),
                Discovery = DiscoveryServeOptions.Read(parse),
                EventRetention = EventServeOptions.Read(parse),
                EventMaxRows = EventServeOptions.ReadMaxRows(parse),
                AuditRetention = auditRetention,
                AuditMaxRows = auditMaxRows,
                K3sReleaseUrl = K3sCommand.ReadReleaseUrl(parse),
            };
            return await HubServer.RunAsync(options, cancellationToken).ConfigureAwait(false);
        });
        return serve;
    }

    private static Command Ca()
    {
        var ca = new Command("ca", "the hub's certificate authority");
        var fingerprint = new Command("fingerprint", "print the SHA-256 fingerprint of the hub CA, which agents pin");
        fingerprint.SetAction(parse =>
        {
            var path = CertificateAuthority.CaCertificatePath(DataDirectory(parse));
            if (!File.Exists(path))
            {
                throw new CliException($"no CA at {path}: start the hub once (pi-controller serve --data-dir ...) or pass --data-dir");
            }
            using var certificate = HubConnectionSettings.LoadCa(path);
            Terminal.WriteLine(HubTrust.Fingerprint(certificate));
            return 0;
        });
        ca.Subcommands.Add(fingerprint);
        return ca;
    }

    private static string DataDirectory(ParseResult parse) =>
        parse.GetValue(DataDir) ?? Environment.GetEnvironmentVariable("PI_CONTROLLER_DATA_DIR") ?? HubOptions.DefaultDataDirectory;

    internal static ConnectionFlags Flags(ParseResult parse) =>
        new(parse.GetValue(Hub), parse.GetValue(Token), parse.GetValue(CaFingerprint), parse.GetValue(DataDir), parse.GetValue(Context), parse.GetValue(Config));

    internal static Task<HubClient> Client(ParseResult parse, CancellationToken cancellationToken) =>
        HubClient.ConnectAsync(HubConnectionSettings.Resolve(Flags(parse)), cancellationToken);
}
