using System.Globalization;
using PiController.K3sStandIn.Cli;
using PiController.K3sStandIn.Server;

namespace PiController.K3sStandIn.Snapshots;

/// <summary>
/// <c>k3s etcd-snapshot save|ls|delete|prune</c> as K3s has them (pkg/cli/etcdsnapshot), on the files of
/// DATA-DIR/server/db/snapshots (or --etcd-snapshot-dir/--dir): <c>save [--name N]</c> writes N-NODE-UNIXTIME (N
/// "on-demand" unless given) on a server of an embedded-etcd cluster (one with server/db/etcd; elsewhere K3s's "etcd
/// database not found"); <c>ls</c> (list, l) prints K3s's table (Name, Location, Size, Created); <c>delete NAME...</c>
/// removes the named snapshots; <c>prune [--name N] [--snapshot-retention R]</c> keeps the newest R (5) whose names
/// start with N-. config.yaml is read as K3s reads it for these commands (node-name, data-dir). A snapshot holds the
/// API datastore file as it was (<see cref="ApiDatastore"/>), the stand-in's etcd; there is no restore.
/// </summary>
internal static class EtcdSnapshotCommand
{
    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static int Run(IReadOnlyList<string> arguments)
    {
        var subcommand = arguments.Count > 0 ? arguments[0] : null;
        if (subcommand is not ("save" or "ls" or "list" or "l" or "delete" or "prune"))
        {
            throw new UsageException("k3s etcd-snapshot: use save, ls, delete or prune (see docs/provisioning.md, the stand-in k3s)");
        }
        var settings = Settings.Parse(Flags.SnapshotCommand, arguments.Skip(1).ToList());
        if (subcommand != "delete" && settings.Arguments.Count > 0)
        {
            throw new UsageException($"k3s etcd-snapshot {subcommand} takes no arguments, got \"{settings.Arguments[0]}\"");
        }
        var dataDirectory = settings.Path("data-dir", HostPaths.DataDirectory);
        var directory = settings.Text("etcd-snapshot-dir") is { } dir ? HostPaths.Map(dir) : Path.Join(dataDirectory, "server", "db", "snapshots");
        var name = settings.Text("name") ?? "on-demand";
        return subcommand switch
        {
            "save" => Save(dataDirectory, directory, name, settings.Text("node-name") ?? Environment.MachineName.ToLowerInvariant()),
            "delete" => Delete(directory, settings.Arguments),
            "prune" => Prune(directory, name, Retention(settings)),
            _ => List(directory),
        };
    }

    private static int Save(string dataDirectory, string directory, string name, string nodeName)
    {
        var etcd = Path.Join(dataDirectory, "server", "db", "etcd");
        if (!Directory.Exists(etcd))
        {
            return Log.Fatal($"etcd database not found in {Path.Join(dataDirectory, "server")}: etcd-snapshot needs a server started with cluster-init or joined to one");
        }
        var snapshot = $"{name}-{nodeName}-{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}";
        var path = Path.Join(directory, snapshot);
        Log.Info($"Saving etcd snapshot to {path}");
        var datastore = ApiDatastore.PathIn(dataDirectory);
        HostPaths.Write(path, File.Exists(datastore) ? File.ReadAllText(datastore) : "{}\n", Mode);
        Log.Info($"Snapshot {snapshot} saved.");
        return 0;
    }

    private static int List(string directory)
    {
        var rows = new List<string[]> { new[] { "Name", "Location", "Size", "Created" } };
        rows.AddRange(Snapshots(directory).OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new[]
        {
            s.Name, "file://" + s.FullName, s.Length.ToString(CultureInfo.InvariantCulture),
            s.LastWriteTimeUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        }));
        Console.Write(TabTable.Format(rows));
        return 0;
    }

    private static int Delete(string directory, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return Log.Fatal("no snapshots given for removal: name them as k3s etcd-snapshot ls lists them");
        }
        var missing = names.Where(n => n.Contains('/', StringComparison.Ordinal) || !File.Exists(Path.Join(directory, n))).ToList();
        if (missing.Count > 0)
        {
            return Log.Fatal($"snapshot {string.Join(", ", missing)} not found in {directory}; k3s etcd-snapshot ls lists the snapshots (nothing was removed)");
        }
        Log.Info("Removing the given locally stored etcd snapshot(s)");
        foreach (var name in names)
        {
            Log.Info($"Removing local snapshot {Path.Join(directory, name)}");
            File.Delete(Path.Join(directory, name));
        }
        return 0;
    }

    private static int Prune(string directory, string name, int retention)
    {
        Log.Info($"Applying local snapshot retention policy: retention: {retention}, snapshotPrefix: {name}, directory: {directory}");
        var matching = Snapshots(directory)
            .Where(s => s.Name.StartsWith(name + "-", StringComparison.Ordinal))
            .OrderBy(s => long.TryParse(s.Name[(s.Name.LastIndexOf('-') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var time) ? time : 0)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var old in matching.Take(Math.Max(0, matching.Count - retention)))
        {
            Log.Info($"Removing local snapshot {old.FullName}");
            old.Delete();
        }
        return 0;
    }

    private static int Retention(Settings settings) => settings.Text("snapshot-retention") is { } text
        ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var retention) && retention > 0
            ? retention
            : throw new UsageException($"invalid value \"{text}\" for flag -snapshot-retention: expected a number of snapshots to keep (1 or more)")
        : 5;

    private static FileInfo[] Snapshots(string directory) =>
        Directory.Exists(directory) ? new DirectoryInfo(directory).GetFiles() : [];
}
