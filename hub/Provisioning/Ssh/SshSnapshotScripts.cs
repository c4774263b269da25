using System.Globalization;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;
using PiController.Protocol.Link;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>
/// <c>k3s etcd-snapshot save|ls|prune</c> over SSH: the exact script (run as root), and its output read back into the
/// same outcome the agent answers. The script first says which datastore server/db holds and runs nothing unless it is
/// etcd; stdout carries only marker lines and <c>ls</c> tables (the action's own output goes to stderr), so the tables
/// are read with the agent's parser (<see cref="EtcdSnapshotTable"/>). Tested as exact strings.
/// </summary>
internal static class SshSnapshotScripts
{
    private const string Marker = "pi-controller:";
    private const string Before = Marker + "before";
    private const string After = Marker + "after";
    private const string Datastore = Marker + "datastore=";

    public static string Script(EtcdSnapshotRequest request)
    {
        var binary = K3sLayout.Binary;
        var lines = new List<string>
        {
            "set -e",
            $"db={K3sLayout.DataDirectory}/server/db",
            $"if [ -d \"$db/etcd\" ]; then echo {Datastore}etcd",
            $"elif [ -f \"$db/state.db\" ]; then echo {Datastore}sqlite; exit 0",
            $"else echo {Datastore}none; exit 0; fi",
            $"[ -x {binary} ] || {{ echo \"{binary} is missing on this server; install K3s again (pi-controller cluster resume) and retry\" >&2; exit 1; }}",
        };
        switch (request.Action)
        {
            case EtcdSnapshotAction.Save:
                lines.Add($"{binary} etcd-snapshot save{(request.Name is null ? "" : " --name " + ShellText.Quote(request.Name))} >&2");
                break;
            case EtcdSnapshotAction.Prune:
                lines.Add($"echo {Before}");
                lines.Add($"{binary} etcd-snapshot ls");
                lines.Add($"{binary} etcd-snapshot prune --snapshot-retention {request.Retention.ToString(CultureInfo.InvariantCulture)} >&2");
                break;
        }
        lines.Add($"echo {After}");
        lines.Add($"{binary} etcd-snapshot ls");
        return string.Join('\n', lines);
    }

    public static EtcdSnapshotOutcome Parse(EtcdSnapshotRequest request, SshRun run)
    {
        var lastError = run.Error.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "";
        if (!run.Succeeded)
        {
            return EtcdSnapshotOutcome.Failed($"{request.Text} failed (exit {run.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}): " +
                (lastError.Length > 0 ? lastError : "no reason given"));
        }
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var datastore = lines.FirstOrDefault(l => l.StartsWith(Datastore, StringComparison.Ordinal))?[Datastore.Length..] switch
        {
            "etcd" => EtcdDatastore.Etcd,
            "sqlite" => EtcdDatastore.Sqlite,
            "none" => EtcdDatastore.None,
            _ => (EtcdDatastore?)null,
        };
        if (datastore is null)
        {
            return EtcdSnapshotOutcome.Failed($"{request.Text}: the node answered without saying its datastore; is its shell POSIX sh?");
        }
        if (datastore != EtcdDatastore.Etcd)
        {
            return new EtcdSnapshotOutcome(null, datastore.Value, false, "", []);
        }
        var after = Section(lines, After, null);
        var changed = request.Action switch
        {
            EtcdSnapshotAction.Save => true,
            EtcdSnapshotAction.Prune => Section(lines, Before, After).Any(b => after.All(a => a.Name != b.Name)),
            _ => false,
        };
        return new EtcdSnapshotOutcome(null, EtcdDatastore.Etcd, changed, request.Action == EtcdSnapshotAction.List ? "" : lastError, after);
    }

    /// <summary>The table printed between the marker <paramref name="from"/> and <paramref name="to"/> (or the end).</summary>
    private static IReadOnlyList<SnapshotFile> Section(List<string> lines, string from, string? to)
    {
        var start = lines.IndexOf(from);
        if (start < 0)
        {
            return [];
        }
        var end = to is null ? lines.Count : lines.IndexOf(to, start);
        var text = string.Join('\n', lines.Skip(start + 1).Take((end < 0 ? lines.Count : end) - start - 1));
        return [.. EtcdSnapshotTable.Parse(text).Snapshots.Select(s => new SnapshotFile(s.Name, s.Location, (long)Math.Min(s.Size, long.MaxValue), s.Created.ToDateTimeOffset()))];
    }
}
