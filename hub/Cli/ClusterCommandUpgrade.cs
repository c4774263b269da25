using System.CommandLine;
using PiController.Hub.Cli.Output;
using PiController.Hub.Kube.Upgrades;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller cluster upgrade NAME --version V</c> (or <c>--rollback NODE</c>), <c>cluster rollback NAME NODE</c>
/// and <c>cluster upgrade-status NAME</c>: like create, the plan is shown first and asked about (--dry-run only
/// shows it, --yes does not ask), then followed live until the run ends.
/// </summary>
internal static partial class ClusterCommand
{
    private static Command Upgrade(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the cluster's name" };
        var version = new Option<string?>("--version") { Description = "the K3s release to go to (the hub must keep it: pi-controller k3s ls); one minor version at a time, never older" };
        var concurrency = new Option<int?>("--concurrency") { Description = $"agents upgraded at once, 1-{UpgradeRules.MaxConcurrency} (default 1); servers always go one at a time" };
        var drainTimeout = DrainTimeout();
        var readyTimeout = ReadyTimeout();
        var rollback = new Option<string?>("--rollback") { Description = "instead: return this node (a node id or ssh:NAME) to the binary it had before its last upgrade" };
        var dryRun = new Option<bool>("--dry-run") { Description = "print the plan (order, every step on every node) and change nothing" };
        var yes = new Option<bool>("--yes") { Description = "do not ask before carrying out the plan (needed without a terminal)" };
        var upgrade = new Command("upgrade", "roll the cluster to another K3s release: servers one at a time, then agents; cordon, drain, swap, Ready, uncordon (admin)");
        upgrade.Arguments.Add(name);
        foreach (var option in new Option[] { version, concurrency, drainTimeout, readyTimeout, rollback, dryRun, yes })
        {
            upgrade.Options.Add(option);
        }
        var output = OutputOption.ForWrite(upgrade);
        upgrade.SetAction(async (parse, cancellationToken) =>
        {
            var given = parse.GetValue(version) is { Length: > 0 };
            if (given == parse.GetValue(rollback) is { Length: > 0 })
            {
                throw new CliException(given ? "--version and --rollback do not go together: upgrade the cluster, or roll one node back"
                    : "name the release with --version VERSION (pi-controller k3s ls lists those the hub keeps), or a node to roll back with --rollback NODE");
            }
            var drain = Seconds(parse.GetValue(drainTimeout), "--drain-timeout", UpgradeRules.MaxDrainTimeout);
            var ready = Seconds(parse.GetValue(readyTimeout), "--ready-timeout", UpgradeRules.MaxReadyTimeout);
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var cluster = parse.GetValue(name)!;
            if (parse.GetValue(rollback) is { Length: > 0 } node)
            {
                return await RollbackAsync(hub, cluster, new RollbackNodeRequest(node, drain, ready, false), parse.GetValue(dryRun), parse.GetValue(yes), output.Read(parse), cancellationToken)
                    .ConfigureAwait(false);
            }
            var request = new UpgradeClusterRequest(parse.GetValue(version), parse.GetValue(concurrency), drain, ready, false);
            var plan = await hub.PlanUpgradeAsync(cluster, request, cancellationToken).ConfigureAwait(false);
            return await CarryOutAsync(hub, plan, parse.GetValue(dryRun), parse.GetValue(yes), output.Read(parse),
                ct => hub.UpgradeClusterAsync(cluster, request, ct), cancellationToken).ConfigureAwait(false);
        });
        return upgrade;
    }

    private static Command Rollback(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the cluster's name" };
        var node = new Argument<string>("node") { Description = "the node: a node id or ssh:NAME" };
        var drainTimeout = DrainTimeout();
        var readyTimeout = ReadyTimeout();
        var dryRun = new Option<bool>("--dry-run") { Description = "print the plan and change nothing" };
        var yes = new Option<bool>("--yes") { Description = "do not ask before carrying out the plan (needed without a terminal)" };
        var rollback = new Command("rollback", "return a node to the K3s binary it had before its last upgrade: cordon, drain, restore, restart, Ready, uncordon (admin)");
        rollback.Arguments.Add(name);
        rollback.Arguments.Add(node);
        foreach (var option in new Option[] { drainTimeout, readyTimeout, dryRun, yes })
        {
            rollback.Options.Add(option);
        }
        var output = OutputOption.ForWrite(rollback);
        rollback.SetAction(async (parse, cancellationToken) =>
        {
            var drain = Seconds(parse.GetValue(drainTimeout), "--drain-timeout", UpgradeRules.MaxDrainTimeout);
            var ready = Seconds(parse.GetValue(readyTimeout), "--ready-timeout", UpgradeRules.MaxReadyTimeout);
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            return await RollbackAsync(hub, parse.GetValue(name)!, new RollbackNodeRequest(parse.GetValue(node), drain, ready, false), parse.GetValue(dryRun), parse.GetValue(yes),
                output.Read(parse), cancellationToken).ConfigureAwait(false);
        });
        return rollback;
    }

    private static Command UpgradeStatus(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the cluster's name" };
        var status = new Command("upgrade-status", "show the cluster's latest upgrade or rollback: each node's state, a failed node's error and what to do next");
        status.Arguments.Add(name);
        var output = OutputOption.ForRead(status);
        status.SetAction(async (parse, cancellationToken) =>
        {
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var view = await hub.GetUpgradeAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            if (!Machine.Print(output.Read(parse), view, HubJsonContext.Default.UpgradeView))
            {
                Terminal.Write(UpgradeText.Describe(view));
            }
            return 0;
        });
        return status;
    }

    private static Option<string?> DrainTimeout() =>
        new("--drain-timeout") { Description = $"how long a node's drain waits for PodDisruptionBudgets (90s, 5m; default {UpgradeRules.DefaultDrainTimeout.TotalMinutes:0}m)" };

    private static Option<string?> ReadyTimeout() =>
        new("--ready-timeout") { Description = "how long a node may take to be Ready on its new binary before the upgrade stops and puts it back (90s, 20m; default 10m)" };

    private static int? Seconds(string? text, string option, TimeSpan max)
    {
        if (text is null)
        {
            return null;
        }
        var span = DurationText.Parse(text, option);
        return span < TimeSpan.FromSeconds(1) || span > max
            ? throw new CliException($"{option} must be 1s to {max.TotalHours:0}h, got {text}")
            : (int)span.TotalSeconds;
    }

    private static async Task<int> RollbackAsync(HubClient hub, string cluster, RollbackNodeRequest request, bool dryRun, bool yes, OutputFormat format, CancellationToken cancellationToken)
    {
        var plan = await hub.PlanRollbackAsync(cluster, request, cancellationToken).ConfigureAwait(false);
        return await CarryOutAsync(hub, plan, dryRun, yes, format, ct => hub.RollbackNodeAsync(cluster, request, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prints the plan (dry run), or asks, starts the run and follows it.</summary>
    private static async Task<int> CarryOutAsync(HubClient hub, UpgradeView plan, bool dryRun, bool yes, OutputFormat format, Func<CancellationToken, Task<UpgradeView>> start,
        CancellationToken cancellationToken)
    {
        if (dryRun)
        {
            if (!Machine.Print(format, plan, HubJsonContext.Default.UpgradeView))
            {
                Terminal.Write(plan.Text);
            }
            return 0;
        }
        if (!yes)
        {
            if (!TerminalInput.IsInteractive)
            {
                throw new CliException("standard input is not a terminal, so nobody can confirm the plan: review it with --dry-run, then run again with --yes");
            }
            Terminal.Write(plan.Text);
            var answer = TerminalInput.Ask($"\nCarry out this {plan.Kind} of cluster {plan.Cluster}? [y/N] ")?.Trim();
            if (answer is not ("y" or "Y" or "yes" or "Yes" or "YES"))
            {
                throw new CliException("nothing was done: the plan was not confirmed");
            }
        }
        var since = await hub.LastEventIdAsync(cancellationToken).ConfigureAwait(false);
        var run = await start(cancellationToken).ConfigureAwait(false);
        return await UpgradeFollow.FinishAsync(hub, run, since, format, cancellationToken).ConfigureAwait(false);
    }
}
