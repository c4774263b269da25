using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.K3s;

/// <summary>
/// <c>k3s etcd-snapshot save|ls|prune</c> on this server, as a host step: the argument list is built here from the typed
/// step (never a command line from the hub), K3s's own binary at <see cref="K3sPaths.Binary"/> runs it, and its
/// <c>ls</c> table is read into records (<see cref="EtcdSnapshotTable"/>). Nothing runs on a node whose datastore is
/// not embedded etcd: the answer names the datastore found, so the hub can say why (a single server on SQLite).
/// With a test root, K3s's data directory is the one under that root (<c>--data-dir</c>).
/// </summary>
internal sealed class EtcdSnapshotStep(SystemRoot root)
{
    public async Task<EtcdSnapshots> RunAsync(EtcdSnapshot step, CancellationToken cancellationToken)
    {
        K3sStepRules.RequireEtcdSnapshot(step);
        var datastore = Datastore();
        if (datastore != EtcdSnapshots.Types.Datastore.Etcd)
        {
            return new EtcdSnapshots
            {
                Datastore = datastore,
                Detail = datastore == EtcdSnapshots.Types.Datastore.Sqlite
                    ? $"{K3sPaths.DataDirectory}/server/db holds state.db and no etcd: a single server on SQLite; nothing was run"
                    : $"{K3sPaths.DataDirectory}/server/db holds neither etcd nor state.db: not a K3s server with its own datastore; nothing was run",
            };
        }
        var binary = root.PathOf(K3sPaths.Binary);
        if (!File.Exists(binary))
        {
            throw K3sStepException.Precondition($"{K3sPaths.Binary} is missing on this server; install K3s again (pi-controller cluster resume) and retry");
        }
        var before = step.Action == EtcdSnapshot.Types.Action.Prune ? (await ListAsync(binary, cancellationToken).ConfigureAwait(false)).Snapshots : null;
        var detail = "";
        if (step.Action != EtcdSnapshot.Types.Action.List)
        {
            var verb = step.Action == EtcdSnapshot.Types.Action.Save ? "save" : "prune";
            var result = await HostTool.RunPathAsync(binary, Arguments(step), cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new K3sStepException(CommandError.Types.Code.Internal,
                    $"k3s etcd-snapshot {verb} failed (exit {result.ExitCode}): {LastLine(result.Error, result.Output)}");
            }
            detail = LastLine(result.Error, result.Output);
        }
        var (after, unreadable) = await ListAsync(binary, cancellationToken).ConfigureAwait(false);
        var answer = new EtcdSnapshots
        {
            Datastore = datastore,
            Changed = step.Action switch
            {
                EtcdSnapshot.Types.Action.Save => true,
                EtcdSnapshot.Types.Action.Prune => before!.Any(b => after.All(a => a.Name != b.Name)),
                _ => false,
            },
            Detail = unreadable == 0 ? detail : $"{detail}{(detail.Length == 0 ? "" : "; ")}{unreadable} line(s) of k3s etcd-snapshot ls were not snapshot rows",
        };
        answer.Snapshots.AddRange(after);
        return answer;
    }

    /// <summary>The argument list of the step's action (ls for <see cref="EtcdSnapshot.Types.Action.List"/>).</summary>
    public IReadOnlyList<string> Arguments(EtcdSnapshot step)
    {
        var arguments = new List<string> { "etcd-snapshot" };
        switch (step.Action)
        {
            case EtcdSnapshot.Types.Action.Save:
                arguments.Add("save");
                if (step.Name.Length > 0)
                {
                    arguments.AddRange(["--name", step.Name]);
                }
                break;
            case EtcdSnapshot.Types.Action.Prune:
                arguments.AddRange(["prune", "--snapshot-retention", step.Retention.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                break;
            default:
                arguments.Add("ls");
                break;
        }
        if (root.Root != "/")
        {
            arguments.AddRange(["--data-dir", root.PathOf(K3sPaths.DataDirectory)]);
        }
        return arguments;
    }

    private async Task<(IReadOnlyList<EtcdSnapshotFile> Snapshots, int Unreadable)> ListAsync(string binary, CancellationToken cancellationToken)
    {
        var result = await HostTool.RunPathAsync(binary, Arguments(new EtcdSnapshot { Action = EtcdSnapshot.Types.Action.List }), cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? EtcdSnapshotTable.Parse(result.Output)
            : throw new K3sStepException(CommandError.Types.Code.Internal, $"k3s etcd-snapshot ls failed (exit {result.ExitCode}): {LastLine(result.Error, result.Output)}");
    }

    private EtcdSnapshots.Types.Datastore Datastore()
    {
        var db = root.PathOf(K3sPaths.DataDirectory + "/server/db");
        return Directory.Exists(Path.Join(db, "etcd")) ? EtcdSnapshots.Types.Datastore.Etcd
            : File.Exists(Path.Join(db, "state.db")) ? EtcdSnapshots.Types.Datastore.Sqlite
            : EtcdSnapshots.Types.Datastore.None;
    }

    /// <summary>The last non-empty line K3s printed (its logs go to stderr), at most 300 characters.</summary>
    private static string LastLine(string error, string output)
    {
        var line = (error + "\n" + output).Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "";
        return line.Length <= 300 ? line : line[..300];
    }
}
