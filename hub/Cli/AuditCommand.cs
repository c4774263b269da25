using System.CommandLine;
using System.Globalization;
using PiController.Hub.Audit;
using PiController.Hub.Cli.Output;

namespace PiController.Hub.Cli;

/// <summary><c>pi-controller audit [--limit N] [--since 1h]</c>: who changed what, when, and how it ended (admin only).</summary>
internal static class AuditCommand
{
    public static Command Build()
    {
        var limit = new Option<int>("--limit", "-n") { Description = "how many entries, newest first (at most 1000)", DefaultValueFactory = _ => 50 };
        var since = new Option<string?>("--since") { Description = "only entries younger than this, such as 30m, 24h or 7d" };
        var audit = new Command("audit", "show the audit log: every change made through the API, with who, from where and the result");
        audit.Options.Add(limit);
        audit.Options.Add(since);
        var output = OutputOption.ForRead(audit);
        audit.SetAction(async (parse, cancellationToken) =>
        {
            DateTimeOffset? from = parse.GetValue(since) is { } sinceText ? DateTimeOffset.UtcNow - DurationText.Parse(sinceText, "--since") : null;
            using var client = await HubCommandLine.Client(parse, cancellationToken).ConfigureAwait(false);
            var entries = await client.ListAuditAsync(parse.GetValue(limit), from, cancellationToken).ConfigureAwait(false);
            Printer.PrintList(output.Read(parse), entries, "No changes recorded.");
            return 0;
        });
        return audit;
    }

    /// <summary>Audit entries: -o wide adds the source address and the HTTP (and gRPC) status.</summary>
    public static readonly ObjectPrinter<AuditEntry> Printer = new("audit", e => e.Id.ToString(CultureInfo.InvariantCulture), HubJsonContext.Default.AuditEntry,
    [
        new("TIME", e => TextTable.Time(e.At)),
        new("ACTOR", e => e.Actor),
        new("SOURCE", e => e.SourceAddress, Wide: true),
        new("ACTION", e => e.Action),
        new("TARGET", e => e.Target),
        new("STATUS", e => e.GrpcStatus is { } grpc ? string.Create(CultureInfo.InvariantCulture, $"{e.Status} grpc {grpc}") : e.Status.ToString(CultureInfo.InvariantCulture), Wide: true),
        new("RESULT", e => e.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $"{e.Result} x{e.Count}") : e.Result),
        new("LAST", e => TextTable.Time(e.LastAt, "-"), Wide: true),
    ]);
}
