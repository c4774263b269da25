using System.CommandLine;
using System.Globalization;
using PiController.Hub.Cli.Output;
using PiController.Hub.Security;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller token create|ls|revoke</c>: join tokens for agents, or with <c>--api</c> bearer tokens for API
/// callers. <c>create</c> prints only the token, so that <c>TOKEN=$(pi-controller token create)</c> works.
/// </summary>
internal static class TokenCommand
{
    private static readonly Option<bool> Api = new("--api") { Description = "an API bearer token instead of a join token" };

    public static Command Build(Func<ParseResult, string> dataDirectory)
    {
        var token = new Command("token", "join tokens for agents; with --api, bearer tokens for the API (admin only)");
        token.Subcommands.Add(Create());
        token.Subcommands.Add(List());
        token.Subcommands.Add(Revoke());
        token.Subcommands.Add(ForgetFiles(dataDirectory));
        return token;
    }

    /// <summary>Removes the clear hand-over files on the hub's machine; no running hub needed, and the tokens keep working.</summary>
    private static Command ForgetFiles(Func<ParseResult, string> dataDirectory)
    {
        var forget = new Command("forget-files",
            $"remove {SecurityExtensions.AdminTokenFile} and {SecurityExtensions.JoinTokenFile} (cleartext hand-over files) from the data directory; the tokens keep working and the hub does not write the files again");
        forget.SetAction(parse =>
        {
            var data = Path.GetFullPath(dataDirectory(parse));
            IReadOnlyList<string> removed;
            try
            {
                removed = TokenFiles.Forget(data);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new CliException($"{e.Message}: run as the hub's user (sudo -u pi-controller pi-controller token forget-files) or as root");
            }
            if (removed.Count == 0)
            {
                Terminal.WriteLine($"No {SecurityExtensions.AdminTokenFile} or {SecurityExtensions.JoinTokenFile} in {data}: nothing to remove");
                return 0;
            }
            foreach (var path in removed)
            {
                Terminal.WriteLine($"removed {path}");
            }
            if (removed.Any(p => p.EndsWith(SecurityExtensions.AdminTokenFile, StringComparison.Ordinal)))
            {
                Terminal.WriteLine("The CLI here now needs the admin token from where you keep it: --token or PI_CONTROLLER_TOKEN. It works until revoked (token ls --api, token revoke ID --api).");
            }
            if (removed.Any(p => p.EndsWith(SecurityExtensions.JoinTokenFile, StringComparison.Ordinal)))
            {
                Terminal.WriteLine("The join token keeps working for new Pis until revoked (token ls, token revoke ID); token create makes another.");
            }
            return 0;
        });
        return forget;
    }

    private static Command Create()
    {
        var ttl = new Option<string?>("--ttl") { Description = "lifetime such as 30m, 24h or 7d, or \"never\" (join tokens: 24h; API tokens: never)" };
        var uses = new Option<int?>("--uses") { Description = "how many agents may join with it (join tokens; default unlimited)" };
        var description = new Option<string?>("--description") { Description = "what the join token is for" };
        var role = new Option<string?>("--role") { Description = "admin, operator or viewer (API tokens)" };
        var name = new Option<string?>("--name") { Description = "what the API token is for (default: \"<role> token\")" };
        var create = new Command("create", "create a token and print it (it is shown only this once)");
        create.Options.Add(Api);
        create.Options.Add(ttl);
        create.Options.Add(uses);
        create.Options.Add(description);
        create.Options.Add(role);
        create.Options.Add(name);
        var output = OutputOption.ForWrite(create);
        create.SetAction(async (parse, cancellationToken) =>
        {
            var api = parse.GetValue(Api);
            var ttlText = parse.GetValue(ttl) ?? (api ? "never" : "24h");
            long? ttlSeconds = ttlText == "never" ? null : (long)DurationText.Parse(ttlText, "--ttl").TotalSeconds;
            if (api && (parse.GetValue(uses) is not null || parse.GetValue(description) is not null))
            {
                throw new CliException("--uses and --description are for join tokens; an API token takes --role, --name and --ttl");
            }
            if (!api && (parse.GetValue(role) is not null || parse.GetValue(name) is not null))
            {
                throw new CliException("--role and --name are for API tokens: add --api");
            }
            using var client = await HubCommandLine.Client(parse, cancellationToken).ConfigureAwait(false);
            if (api)
            {
                var tokenRole = parse.GetValue(role) ?? throw new CliException("an API token needs --role admin, --role operator or --role viewer");
                var created = await client.CreateApiTokenAsync(new ApiTokenCreateRequest(parse.GetValue(name) ?? $"{tokenRole} token", tokenRole, ttlSeconds),
                    cancellationToken).ConfigureAwait(false);
                ApiCreated.PrintResult(output.Read(parse), created, () => Terminal.WriteLine(created.Token));
            }
            else
            {
                var created = await client.CreateJoinTokenAsync(new JoinTokenCreateRequest(parse.GetValue(description), ttlSeconds, parse.GetValue(uses)),
                    cancellationToken).ConfigureAwait(false);
                JoinCreated.PrintResult(output.Read(parse), created, () => Terminal.WriteLine(created.Token));
            }
            return 0;
        });
        return create;
    }

    private static Command List()
    {
        var ls = new Command("ls", "list tokens (never their secrets)");
        ls.Aliases.Add("list");
        ls.Options.Add(Api);
        var output = OutputOption.ForRead(ls);
        ls.SetAction(async (parse, cancellationToken) =>
        {
            using var client = await HubCommandLine.Client(parse, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(Api))
            {
                ApiTokens.PrintList(output.Read(parse), await client.ListApiTokensAsync(cancellationToken).ConfigureAwait(false), "No API tokens.");
            }
            else
            {
                JoinTokens.PrintList(output.Read(parse), await client.ListJoinTokensAsync(cancellationToken).ConfigureAwait(false),
                    "No join tokens. Create one with: pi-controller token create");
            }
            return 0;
        });
        return ls;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("id") { Description = "the token's id (token ls shows it)" };
        var revoke = new Command("revoke", "revoke a token: it stops working at once");
        revoke.Arguments.Add(id);
        revoke.Options.Add(Api);
        var output = OutputOption.ForWrite(revoke);
        revoke.SetAction(async (parse, cancellationToken) =>
        {
            var api = parse.GetValue(Api);
            var tokenId = parse.GetValue(id)!;
            using var client = await HubCommandLine.Client(parse, cancellationToken).ConfigureAwait(false);
            await (api ? client.RevokeApiTokenAsync(tokenId, cancellationToken) : client.RevokeJoinTokenAsync(tokenId, cancellationToken)).ConfigureAwait(false);
            var kind = api ? "apitoken" : "jointoken";
            Change.PrinterOf(kind).PrintResult(output.Read(parse), new Change(kind, tokenId, "revoked"), () => Terminal.WriteLine($"{(api ? "API" : "join")} token {tokenId} revoked"));
            return 0;
        });
        return revoke;
    }

    /// <summary>Join tokens (token ls): -o wide adds when each was made.</summary>
    public static readonly ObjectPrinter<JoinTokenView> JoinTokens = new("jointoken", t => t.Id, HubJsonContext.Default.JoinTokenView,
    [
        new("ID", t => t.Id),
        new("DESCRIPTION", t => t.Description),
        new("CREATED", t => TextTable.Time(t.CreatedAt), Wide: true),
        new("EXPIRES", t => TextTable.Time(t.ExpiresAt)),
        new("USES", t => t.MaxUses is { } max ? string.Create(CultureInfo.InvariantCulture, $"{t.Uses}/{max}") : string.Create(CultureInfo.InvariantCulture, $"{t.Uses}/unlimited")),
        new("STATUS", t => t.Status),
        new("REVOKED", t => TextTable.Time(t.RevokedAt, "-"), Wide: true),
    ]);

    /// <summary>API tokens (token ls --api): -o wide adds when each was made.</summary>
    public static readonly ObjectPrinter<ApiTokenView> ApiTokens = new("apitoken", t => t.Id, HubJsonContext.Default.ApiTokenView,
    [
        new("ID", t => t.Id),
        new("NAME", t => t.Name),
        new("ROLE", t => t.Role),
        new("CREATED", t => TextTable.Time(t.CreatedAt), Wide: true),
        new("EXPIRES", t => TextTable.Time(t.ExpiresAt)),
        new("STATUS", t => t.Status),
        new("REVOKED", t => TextTable.Time(t.RevokedAt, "-"), Wide: true),
    ]);

    private static readonly ObjectPrinter<JoinTokenCreated> JoinCreated = new("jointoken", t => t.Id, HubJsonContext.Default.JoinTokenCreated,
        [new("ID", t => t.Id), new("TOKEN", t => t.Token)]);

    private static readonly ObjectPrinter<ApiTokenCreated> ApiCreated = new("apitoken", t => t.Id, HubJsonContext.Default.ApiTokenCreated,
        [new("ID", t => t.Id), new("TOKEN", t => t.Token)]);
}
