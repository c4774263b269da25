using System.CommandLine;
using System.Text.Json;
using PiController.Hub.Hosting;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller version [--client] [-o json]</c>: this program's version and the hub's (HubClient.GetVersionAsync,
/// any role). The client's line comes first, so that it is printed even when the hub cannot be reached.
/// </summary>
internal static class VersionCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var client = new Option<bool>("--client") { Description = "only this program's version; no hub needed" };
        var output = new Option<string?>("--output", "-o") { Description = "json for a JSON document instead of text" };
        output.AcceptOnlyFromAmong("json");
        var version = new Command("version", "show the client's version and the hub's") { client, output };
        version.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(output) == "json";
            if (!json)
            {
                Terminal.WriteLine($"Client Version: {HubVersion.Current}");
            }
            HubVersionView? server = null;
            Uri? hub = null;
            if (!parse.GetValue(client))
            {
                using var connection = await connect(parse, cancellationToken).ConfigureAwait(false);
                hub = connection.Hub;
                server = await connection.GetVersionAsync(cancellationToken).ConfigureAwait(false);
            }
            if (json)
            {
                var report = new VersionReport(HubVersion.Current, server?.Version, server?.ApiVersion, hub?.ToString());
                Terminal.WriteLine(JsonSerializer.Serialize(report, HubJsonContext.Default.VersionReport));
            }
            else if (server is not null)
            {
                Terminal.WriteLine($"Server Version: {server.Version} (API {server.ApiVersion}, {hub})");
            }
            return 0;
        });
        return version;
    }
}
