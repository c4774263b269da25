using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using PiController.Hub.Cli.Help;
using PiController.Hub.Hosting;
using PiController.Hub.Nodes;
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
    private static readonly Option<bool> Json = new("--json") { Description = "print JSON instead of a table" };

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
        root.Subcommands.Add(Nodes());
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

    private static Command Nodes()
    {
        var nodes = new Command("nodes", "list and inspect nodes");

        var ls = new Command("ls", "list nodes with their hardware, connection and live metrics");
        ls.Aliases.Add("list");
        ls.Options.Add(Json);
        ls.SetAction(async (parse, cancellationToken) =>
        {
            using var client = await Client(parse, cancellationToken).ConfigureAwait(false);
            var list = await client.ListNodesAsync(cancellationToken).ConfigureAwait(false);
            Terminal.WriteLine(parse.GetValue(Json)
                ? JsonSerializer.Serialize(list, HubJsonContext.Default.IReadOnlyListNodeView)
                : NodeTable.Render(list, DateTimeOffset.UtcNow));
            return 0;
        });

        var nodeArgument = new Argument<string>("node") { Description = "node id" };
        var get = new Command("get", "show one node");
        get.Arguments.Add(nodeArgument);
        get.Options.Add(Json);
        get.SetAction(async (parse, cancellationToken) =>
        {
            using var client = await Client(parse, cancellationToken).ConfigureAwait(false);
            var node = await client.GetNodeAsync(parse.GetValue(nodeArgument)!, cancellationToken).ConfigureAwait(false);
            Terminal.WriteLine(parse.GetValue(Json) ? JsonSerializer.Serialize(node, HubJsonContext.Default.NodeView) : NodeTable.Render([node], DateTimeOffset.UtcNow));
            return 0;
        });

        var count = new Option<int>("--count", "-c") { Description = "how many round trips", DefaultValueFactory = _ => 4 };
        var timeout = new Option<int>("--timeout-ms") { Description = "deadline of each round trip", DefaultValueFactory = _ => 5000 };
        var ping = new Command("ping", "measure round trips hub -> agent -> hub over the agent link");
        ping.Arguments.Add(nodeArgument);
        ping.Options.Add(count);
        ping.Options.Add(timeout);
        ping.SetAction(async (parse, cancellationToken) =>
        {
            using var client = await Client(parse, cancellationToken).ConfigureAwait(false);
            var node = parse.GetValue(nodeArgument)!;
            var result = await client.PingNodeAsync(node, new PingRequest(parse.GetValue(count), parse.GetValue(timeout)), cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < result.RoundTripMs.Count; i++)
            {
                Terminal.WriteLine(CultureInfo.InvariantCulture, $"reply from {result.NodeId}: seq={i + 1} time={result.RoundTripMs[i]:0.000} ms");
            }
            var sorted = result.RoundTripMs.Order().ToArray();
            Terminal.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sorted.Length} round trips: min {sorted[0]:0.000} ms, median {sorted[sorted.Length / 2]:0.000} ms, avg {sorted.Average():0.000} ms, max {sorted[^1]:0.000} ms"));
            return 0;
        });

        var hardware = new Command("hardware", "show the board identity and capabilities the node's agent reported (JSON)");
        hardware.Arguments.Add(nodeArgument);
        hardware.SetAction(async (parse, cancellationToken) =>
        {
            using var client = await Client(parse, cancellationToken).ConfigureAwait(false);
            var node = parse.GetValue(nodeArgument)!;
            var json = await client.GetNodeHardwareJsonAsync(node, cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(json);
            Terminal.WriteLine(JsonSerializer.Serialize(document.RootElement, HubJsonContext.Default.JsonElement));
            return 0;
        });

        var rm = new Command("rm", "forget a node: its certificates are revoked and its record deleted; its agent enrolls again with its join token and waits for nodes approve");
        rm.Arguments.Add(nodeArgument);
        rm.SetAction(async (parse, cancellationToken) =>
        {
            using var client = await Client(parse, cancellationToken).ConfigureAwait(false);
            var node = parse.GetValue(nodeArgument)!;
            await client.RemoveNodeAsync(node, cancellationToken).ConfigureAwait(false);
            Terminal.WriteLine($"node {node} removed and its certificates revoked. If its agent still runs, it enrolls again with its join token;");
            Terminal.WriteLine($"to take it back: pi-controller nodes pending, then pi-controller nodes approve {node} --key KEY");
            return 0;
        });

        nodes.Subcommands.Add(ls);
        nodes.Subcommands.Add(get);
        nodes.Subcommands.Add(ping);
        var revoke = new Command("revoke", "revoke a node's certificates and close its stream; it stays refused until a new enrollment is approved");
        revoke.Arguments.Add(nodeArgument);
        revoke.SetAction(async (parse, cancellationToken) =>
        {
            using var client = await Client(parse, cancellationToken).ConfigureAwait(false);
            var node = parse.GetValue(nodeArgument)!;
            await client.RevokeNodeAsync(node, cancellationToken).ConfigureAwait(false);
            Terminal.WriteLine($"node {node} revoked");
            return 0;
        });

        var key = new Option<string>("--key")
        {
            Description = "the waiting request's key: the sha256 digits nodes pending shows (the agent logs the same)",
            Required = true,
        };
        var approve = new Command("approve", "approve one waiting enrollment of a node id that was enrolled before (a re-key, a replaced board, a removed or revoked node)");
        approve.Arguments.Add(nodeArgument);
        approve.Options.Add(key);
        approve.SetAction(async (parse, cancellationToken) =>
        {
            var node = parse.GetValue(nodeArgument)!;
            var prefix = parse.GetValue(key)!.Trim();
            if (EnrollmentKeys.CheckPrefix(prefix) is { } problem)
            {
                throw new CliException(problem);
            }
            using var client = await Client(parse, cancellationToken).ConfigureAwait(false);
            await client.ApproveNodeAsync(node, prefix, cancellationToken).ConfigureAwait(false);
            Terminal.WriteLine($"enrollment of node {node} with key sha256 {prefix} approved; its agent gets its certificate on its next try");
            return 0;
        });

        var pending = new Command("pending", "list enrollments waiting for approval, with the key each was made with");
        pending.SetAction(async (parse, cancellationToken) =>
        {
            using var client = await Client(parse, cancellationToken).ConfigureAwait(false);
            var list = await client.ListPendingEnrollmentsAsync(cancellationToken).ConfigureAwait(false);
            if (list.Count == 0)
            {
                Terminal.WriteLine("No enrollment is waiting for approval.");
            }
            foreach (var request in list)
            {
                var prefix = EnrollmentKeys.Short(request.PublicKeySha256);
                Terminal.WriteLine(request.Approved
                    ? $"{request.NodeId}  from {request.Source}  at {request.RequestedAt:u}  key sha256 {prefix}  approved (the agent gets its certificate on its next try)"
                    : $"{request.NodeId}  from {request.Source}  at {request.RequestedAt:u}  key sha256 {prefix}  waiting: pi-controller nodes approve {request.NodeId} --key {prefix}");
            }
            return 0;
        });

        nodes.Subcommands.Add(revoke);
        nodes.Subcommands.Add(approve);
        nodes.Subcommands.Add(pending);
        nodes.Subcommands.Add(hardware);
        nodes.Subcommands.Add(rm);
        nodes.Subcommands.Add(NodeLabelCommand.Build(Client));
        return nodes;
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
