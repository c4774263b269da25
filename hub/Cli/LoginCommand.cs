using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using PiController.Hub.Cli.Contexts;
using PiController.Hub.Hosting;
using PiController.Protocol.Trust;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller login https://HUB:8443 [--name CTX] [--ca-fingerprint SHA256]</c>: trusts the hub's CA (by its
/// fingerprint, confirmed by a person or given with --ca-fingerprint), reads an API token from standard input,
/// checks both with an authenticated call, then saves them as a context of the client config and makes it current.
/// Nothing is saved when any step fails.
/// </summary>
internal static class LoginCommand
{
    public static Command Build(Func<ParseResult, ConnectionFlags> flags)
    {
        var address = new Argument<string>("hub") { Description = "the hub's address: https://HUB:8443 (HUB:8443 and HUB work too)" };
        var name = new Option<string?>("--name") { Description = "the context's name (default: the hub's host name)" };
        var login = new Command("login", "trust a hub's CA, check an API token given on standard input, and save both as the current context") { address, name };
        login.SetAction(async (parse, cancellationToken) =>
        {
            var given = flags(parse);
            if (given.Token is not null)
            {
                throw new CliException("login reads the API token from standard input, not from --token (a command line is visible to every user of the machine): echo \"$TOKEN\" | pi-controller login ...");
            }
            var hub = ParseAddress(parse.GetValue(address)!);
            var contextName = parse.GetValue(name) ?? DefaultName(hub);
            if (!HubContext.IsValidName(contextName))
            {
                throw new CliException($"--name \"{contextName}\" is not a context name: use {HubContext.NameRule}");
            }
            string? pin = null;
            if (given.CaFingerprint is { } text)
            {
                pin = CaFingerprints.Normalize(text) ?? throw new CliException($"--ca-fingerprint must be 64 hex digits (SHA-256), got \"{text}\"");
            }
            var file = ClientConfigFile.Locate(given.Config, Environment.GetEnvironmentVariable);
            var config = file.Load();

            using var ca = await FetchCaAsync(hub, cancellationToken).ConfigureAwait(false);
            var fingerprint = HubTrust.Fingerprint(ca);
            Trust(hub, fingerprint, pin);

            var token = TerminalInput.AskSecret("API token (it is not shown): ")?.Trim();
            if (string.IsNullOrEmpty(token))
            {
                throw new CliException("no API token on standard input; make one on the hub (pi-controller token create --api --role operator) and give it on standard input; nothing was saved");
            }
            HubVersionView version;
            try
            {
                using var client = await HubClient.ConnectAsync(new HubConnectionSettings(hub, fingerprint, ca, token), cancellationToken).ConfigureAwait(false);
                version = await client.GetVersionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CliException e)
            {
                throw new CliException($"the hub did not accept the token ({e.Message}); nothing was saved");
            }

            var tokenFile = file.SaveToken(contextName, token);
            file.Save(config.With(new HubContext(contextName, hub, fingerprint, tokenFile, null)) with { CurrentContext = contextName });
            Terminal.WriteLine($"Logged in to {hub} (pi-controller {version.Version}). Context \"{contextName}\" is current; saved in {file.Path}.");
            return 0;
        });
        return login;
    }

    private static void Trust(Uri hub, string fingerprint, string? pin)
    {
        Terminal.Error($"The hub at {hub} has the CA with SHA-256 fingerprint {fingerprint}");
        if (pin is not null)
        {
            if (pin != fingerprint)
            {
                throw new CliException($"the hub's CA (sha256 {fingerprint}) is not the one given with --ca-fingerprint (sha256 {pin}): check the address, and compare with pi-controller ca fingerprint on the hub; nothing was saved");
            }
            return;
        }
        if (!TerminalInput.IsInteractive)
        {
            throw new CliException("standard input is not a terminal, so nobody can confirm the hub's CA: pass --ca-fingerprint (pi-controller ca fingerprint prints it on the hub)");
        }
        var answer = TerminalInput.Ask("Compare it with what pi-controller ca fingerprint prints on the hub. Trust this CA? [y/N] ")?.Trim();
        if (answer is not ("y" or "Y" or "yes" or "Yes" or "YES"))
        {
            throw new CliException("the hub's CA was not trusted; nothing was saved");
        }
    }

    private static async Task<X509Certificate2> FetchCaAsync(Uri hub, CancellationToken cancellationToken)
    {
        try
        {
            return await HubTrust.FetchUnpinnedCaAsync(hub, cancellationToken).ConfigureAwait(false);
        }
        catch (HubTrustException e)
        {
            throw new CliException(e.Message);
        }
        catch (HttpRequestException e)
        {
            var inner = e.InnerException?.Message is { } reason && reason != e.Message ? $": {reason}" : "";
            throw new CliException($"cannot reach the hub at {hub}: {e.Message}{inner}");
        }
    }

    /// <summary>https://HUB:PORT from what people type: a bare host gets https:// and port 8443.</summary>
    public static Uri ParseAddress(string text)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Host.Length == 0)
        {
            throw new CliException($"\"{text}\" is not a hub address; give https://HUB:{HubOptions.DefaultPort}");
        }
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            throw new CliException($"\"{text}\" has a path; give the hub's address alone: https://{uri.Authority}");
        }
        // https://HUB means port 443 as for any https address; a bare HUB means the hub's own port.
        var port = text.Contains("://", StringComparison.Ordinal) || System.Text.RegularExpressions.Regex.IsMatch(text, @":[0-9]+/?$") ? uri.Port : HubOptions.DefaultPort;
        return new UriBuilder(Uri.UriSchemeHttps, uri.Host, port).Uri;
    }

    private static string DefaultName(Uri hub)
    {
        var name = new string(hub.Host.Trim('[', ']').Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray()).Trim('-', '.', '_');
        return HubContext.IsValidName(name) ? name : "hub";
    }
}
