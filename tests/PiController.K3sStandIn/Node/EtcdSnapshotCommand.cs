using System.Globalization;
using PiController.K3sStandIn.Cli;

namespace PiController.K3sStandIn.Node;

/// <summary>
/// <c>k3s etcd-snapshot save|ls</c>, minimal: <c>save</c> writes DATA-DIR/server/db/snapshots/NAME-NODE-UNIXTIME
/// (name "on-demand" unless --name) on a server of an embedded-etcd cluster (one that has server/db/etcd), and
/// <c>ls</c> lists that directory as K3s does (Name, Location, Size, Created). The stand-in has no datastore: its
/// snapshot holds the stand-in's state file, so a restore test can tell which snapshot it got, not a cluster's data.
/// Flags: --data-dir/-d, --name, --etcd-snapshot-dir (--dir); config.yaml is not read.
/// </summary>
internal static class EtcdSnapshotCommand
{
    public static int Run(IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0 || arguments[0] is not ("save" or "ls" or "list"))
        {
            throw new UsageException("k3s etcd-snapshot: use save or ls (the stand-in provides these two)");
        }
        var options = Options(arguments.Skip(1).ToList());
        var dataDirectory = HostPaths.Map(options.GetValueOrDefault("data-dir", HostPaths.DataDirectory));
        var directory = options.TryGetValue("etcd-snapshot-dir", out var dir) ? HostPaths.Map(dir) : Path.Join(dataDirectory, "server", "db", "snapshots");
        if (arguments[0] == "save")
        {
            var etcd = Path.Join(dataDirectory, "server", "db", "etcd");
            if (!Directory.Exists(etcd))
            {
                return Log.Fatal($"etcd database not found in {etcd}: etcd-snapshot needs a server started with cluster-init or joined to one");
            }
            var state = Path.Join(dataDirectory, Node.StandInState.FileName);
            var name = $"{options.GetValueOrDefault("name", "on-demand")}-{Environment.MachineName.ToLowerInvariant()}-{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}";
            var path = Path.Join(directory, name);
            HostPaths.Write(path, File.Exists(state) ? File.ReadAllText(state) : "{}\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Log.Info($"Snapshot {name} saved.");
            return 0;
        }
        var snapshots = Directory.Exists(directory) ? Directory.GetFiles(directory).Order(StringComparer.Ordinal).Select(f => new FileInfo(f)).ToList() : [];
        var width = Math.Max(4, snapshots.Select(s => s.Name.Length).DefaultIfEmpty(0).Max());
        var locationWidth = Math.Max(8, snapshots.Select(s => s.FullName.Length + 7).DefaultIfEmpty(0).Max());
        Console.WriteLine($"{"Name".PadRight(width)} {"Location".PadRight(locationWidth)} {"Size",-8} Created");
        foreach (var snapshot in snapshots)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{snapshot.Name.PadRight(width)} {("file://" + snapshot.FullName).PadRight(locationWidth)} {snapshot.Length,-8} {snapshot.LastWriteTimeUtc:yyyy-MM-ddTHH:mm:ssZ}"));
        }
        return 0;
    }

    private static Dictionary<string, string> Options(List<string> arguments)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i++)
        {
            var body = arguments[i].TrimStart('-');
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? body : body[..equals];
            name = name switch { "d" => "data-dir", "dir" => "etcd-snapshot-dir", _ => name };
            if (!arguments[i].StartsWith('-') || name is not ("data-dir" or "name" or "etcd-snapshot-dir"))
            {
                throw new UsageException($"Incorrect Usage: flag provided but not defined: {arguments[i]} (the stand-in's etcd-snapshot knows --data-dir, --name, --etcd-snapshot-dir)");
            }
            options[name] = equals >= 0 ? body[(equals + 1)..] : i + 1 < arguments.Count ? arguments[++i] : throw new UsageException($"Incorrect Usage: flag needs an argument: -{name}");
        }
        return options;
    }
}
