using System.CommandLine;
using PiController.Hub.Cli.Output;
using PiController.Hub.Hosting;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller version [--client] [-o json|yaml]</c>: this program's version and the hub's (HubClient.GetVersionAsync,
/// any role). The client's line comes first, so that it is printed even when the hub cannot be reached.
/// </summary>
internal static class VersionCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var client = new Option<bool>("--client") { Description = "only this program's version; no hub needed" };
        var version = new Command("version", "show the client's version and the hub's") { client };
        var output = OutputOption.ForRead(version, name: false);
        version.SetAction(async (parse, cancellationToken) =>
        {
            var format = output.Read(parse);
            var machine = format is OutputFormat.Json or OutputFormat.Yaml;
            if (!machine)
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
            if (machine)
            {
                Machine.Print(format, new VersionReport(HubVersion.Current, server?.Version, server?.ApiVersion, hub?.ToString()), HubJsonContext.Default.VersionReport);
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
