using System.CommandLine;
using PiController.Hub.Cli.Output;
using PiController.Hub.Kube.Upgrades;
using PiController.Hub.Provisioning.Clusters;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller cluster create|ls|get|add-node|remove-node|delete|resume|kubeconfig|import|policy|place|upgrade|rollback|upgrade-status|snapshot</c>: K3s clusters as plans the
/// hub carries out on its nodes. create shows the plan and asks before anything changes, then follows it live.
/// </summary>
internal static partial class ClusterCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var cluster = new Command("cluster", "K3s clusters on the hub's nodes: plans with preflight, HA servers, agents, resumable, with uninstall");
        cluster.Subcommands.Add(Create(client));
        cluster.Subcommands.Add(List(client));
        cluster.Subcommands.Add(Get(client));
        cluster.Subcommands.Add(AddNode(client));
        cluster.Subcommands.Add(RemoveNode(client));
        cluster.Subcommands.Add(Delete(client));
        cluster.Subcommands.Add(Resume(client));
        cluster.Subcommands.Add(Kubeconfig(client));
        cluster.Subcommands.Add(Import(client));
        cluster.Subcommands.Add(Policy(client));
        cluster.Subcommands.Add(Place(client));
        cluster.Subcommands.Add(Upgrade(client));
        cluster.Subcommands.Add(Rollback(client));
        cluster.Subcommands.Add(UpgradeStatus(client));
        cluster.Subcommands.Add(ClusterSnapshotCommand.Build(client));
        return cluster;
    }

    private static Option<string[]> Nodes(string name, string description) =>
        new(name) { Description = description, AllowMultipleArgumentsPerToken = true };

    private static Command Create(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the cluster's name (also its kubeconfig context)" };
        var servers = Nodes("--server", "a server: a node id or ssh:NAME (1, 3 or 5 of them; the first initialises the cluster)");
        var agents = Nodes("--agent", "an agent: a node id or ssh:NAME");
        var version = new Option<string?>("--version") { Description = "the K3s release (default: the newest the hub keeps, pi-controller k3s ls)" };
        var disable = new Option<string?>("--disable") { Description = $"packaged components to leave out, comma separated: {string.Join(", ", Provisioning.Install.K3sClusterSpec.Components)}" };
        var fix = new Option<bool>("--fix") { Description = "let the hub fix what the preflight can (the memory cgroup flags in cmdline.txt) and reboot the node" };
        var dryRun = new Option<bool>("--dry-run") { Description = "print the plan (preflight, settings, every step; secrets masked) and change nothing" };
        var yes = new Option<bool>("--yes") { Description = "do not ask before carrying out the plan (needed without a terminal)" };
        var create = new Command("create", "plan a K3s cluster, show it, ask, then carry it out and follow it live (admin)");
        create.Arguments.Add(name);
        foreach (var option in new Option[] { servers, agents, version, disable, fix, dryRun, yes })
        {
            create.Options.Add(option);
        }
        var output = OutputOption.ForWrite(create);
        create.SetAction(async (parse, cancellationToken) =>
        {
            var format = output.Read(parse);
            var request = new CreateClusterRequest(parse.GetValue(name), parse.GetValue(servers) ?? [], parse.GetValue(agents) ?? [], parse.GetValue(version),
                (parse.GetValue(disable) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), parse.GetValue(fix), false);
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var plan = await hub.PlanClusterAsync(request, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(dryRun))
            {
                if (!Machine.Print(format, plan, HubJsonContext.Default.ClusterPlanView))
                {
                    Terminal.Write(plan.Text);
                }
                return 0;
            }
            if (!parse.GetValue(yes))
            {
                Confirm(plan, request.Fix);
            }
            var since = await hub.LastEventIdAsync(cancellationToken).ConfigureAwait(false);
            var created = await hub.CreateClusterAsync(request, cancellationToken).ConfigureAwait(false);
            return await FinishAsync(hub, created.Name, since, format, cancellationToken).ConfigureAwait(false);
        });
        return create;
    }

    private static Command List(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var ls = new Command("ls", "list the clusters: version, state, servers and agents");
        ls.Aliases.Add("list");
        var output = OutputOption.ForRead(ls);
        ls.SetAction(async (parse, cancellationToken) =>
        {
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            Printer.PrintList(output.Read(parse), await hub.ListClustersAsync(cancellationToken).ConfigureAwait(false),
                "No clusters yet. Plan one: pi-controller cluster create NAME --server NODE --dry-run");
            return 0;
        });
        return ls;
    }

    private static Command Get(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the cluster's name" };
        var get = new Command("get", "show a cluster: its nodes, where its plan stands, a failed node's error and what to do next (-o wide: every step)");
        get.Arguments.Add(name);
        var output = OutputOption.ForRead(get);
        get.SetAction(async (parse, cancellationToken) =>
        {
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var cluster = await hub.GetClusterAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            var format = output.Read(parse);
            if (format is OutputFormat.Table or OutputFormat.Wide)
            {
                var manager = await hub.ClusterManagerAsync(cluster.Name, cancellationToken).ConfigureAwait(false);
                Terminal.Write(Describe(cluster, format == OutputFormat.Wide) + DescribeManager(manager));
                Terminal.Write(DescribeMembership(await hub.GetClusterMembershipAsync(cluster.Name, cancellationToken).ConfigureAwait(false)));
                Terminal.Write(UpgradeText.ForClusterGet(await LatestUpgradeAsync(hub, cluster.Name, cancellationToken).ConfigureAwait(false)));
                Terminal.Write(SnapshotText.ForClusterGet(await hub.ListSnapshotsAsync(cluster.Name, refresh: false, cancellationToken).ConfigureAwait(false)));
            }
            else
            {
                Printer.PrintOne(format, cluster);
            }
            return 0;
        });
        return get;
    }

    /// <summary>The cluster's latest upgrade or rollback, or null when the hub never ran one on it.</summary>
    private static async Task<UpgradeView?> LatestUpgradeAsync(HubClient hub, string cluster, CancellationToken cancellationToken)
    {
        try
        {
            return await hub.GetUpgradeAsync(cluster, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e) when (e.NotFound)
        {
            return null;
        }
    }

    private static void Confirm(ClusterPlanView plan, bool fix)
    {
        if (!TerminalInput.IsInteractive)
        {
            throw new CliException("standard input is not a terminal, so nobody can confirm the plan: review it with --dry-run, then run again with --yes");
        }
        Terminal.Write(plan.Text);
        var refused = plan.Nodes.SelectMany(n => n.Preflight.Where(f => f.Level == "refusal" && !(fix && f.Fixable)).Select(f => $"{n.Node}: {f.Check}")).ToList();
        if (refused.Count > 0)
        {
            Terminal.WriteLine($"\nThe preflight refuses {string.Join(", ", refused)}; the plan will stop there until it is fixed.");
        }
        var answer = TerminalInput.Ask($"\nCarry out this plan for cluster {plan.Name}? [y/N] ")?.Trim();
        if (answer is not ("y" or "Y" or "yes" or "Yes" or "YES"))
        {
            throw new CliException("nothing was done: the plan was not confirmed");
        }
    }
}
