using System.CommandLine;
using PiController.Hub.Cli.Output;
using PiController.Hub.Provisioning.Clusters;

namespace PiController.Hub.Cli;

/// <summary>cluster add-node, remove-node, delete and resume: each changes the plan, then follows it until it is done or stopped.</summary>
internal static partial class ClusterCommand
{
    private static Command AddNode(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the cluster's name" };
        var servers = Nodes("--server", "a server to add (the cluster keeps 1, 3 or 5: add two at once)");
        var agents = Nodes("--agent", "an agent to add");
        var fix = new Option<bool>("--fix") { Description = "let the hub fix what the preflight can on the new nodes and reboot them" };
        var add = new Command("add-node", "add servers or agents to a cluster and install them (admin)");
        add.Arguments.Add(name);
        add.Options.Add(servers);
        add.Options.Add(agents);
        add.Options.Add(fix);
        var output = OutputOption.ForWrite(add);
        add.SetAction(async (parse, cancellationToken) =>
        {
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var since = await hub.LastEventIdAsync(cancellationToken).ConfigureAwait(false);
            var cluster = await hub.AddClusterNodesAsync(parse.GetValue(name)!, new AddClusterNodesRequest(parse.GetValue(servers) ?? [], parse.GetValue(agents) ?? [], parse.GetValue(fix)),
                cancellationToken).ConfigureAwait(false);
            return await FinishAsync(hub, cluster.Name, since, output.Read(parse), cancellationToken).ConfigureAwait(false);
        });
        return add;
    }

    private static Command RemoveNode(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the cluster's name" };
        var node = new Argument<string>("node") { Description = "the node to take out: a node id or ssh:NAME" };
        var remove = new Command("remove-node", "uninstall K3s from one node and take it out of the cluster (admin)");
        remove.Arguments.Add(name);
        remove.Arguments.Add(node);
        var output = OutputOption.ForWrite(remove);
        remove.SetAction(async (parse, cancellationToken) =>
        {
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var since = await hub.LastEventIdAsync(cancellationToken).ConfigureAwait(false);
            var cluster = await hub.RemoveClusterNodeAsync(parse.GetValue(name)!, parse.GetValue(node)!, cancellationToken).ConfigureAwait(false);
            return await FinishAsync(hub, cluster.Name, since, output.Read(parse), cancellationToken).ConfigureAwait(false);
        });
        return remove;
    }

    private static Command Delete(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the cluster's name" };
        var delete = new Command("delete", "uninstall K3s from every node (agents first, servers last) and forget the cluster (admin)");
        delete.Aliases.Add("rm");
        delete.Arguments.Add(name);
        var output = OutputOption.ForWrite(delete);
        delete.SetAction(async (parse, cancellationToken) =>
        {
            var cluster = parse.GetValue(name)!;
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var since = await hub.LastEventIdAsync(cancellationToken).ConfigureAwait(false);
            var view = await hub.DeleteClusterAsync(cluster, cancellationToken).ConfigureAwait(false);
            if (view.Origin == Provisioning.Clusters.ClusterOrigins.Imported)
            {
                if (!Machine.Print(output.Read(parse), view, HubJsonContext.Default.ClusterView))
                {
                    Terminal.WriteLine($"cluster {cluster} forgotten: it was imported, so K3s keeps running on its nodes and the hub no longer manages it");
                }
                return 0;
            }
            try
            {
                return await FinishAsync(hub, cluster, since, output.Read(parse), cancellationToken).ConfigureAwait(false);
            }
            catch (CliException e) when (e.NotFound)
            {
                if (!Machine.Print(output.Read(parse), view with { State = "deleted", Running = false }, HubJsonContext.Default.ClusterView))
                {
                    Terminal.WriteLine($"cluster {cluster} deleted: K3s was removed from every node");
                }
                return 0;
            }
        });
        return delete;
    }

    private static Command Resume(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the cluster's name" };
        var fix = new Option<bool>("--fix") { Description = "now allow the preflight's fix that reboots a node" };
        var resume = new Command("resume", "run a stopped plan again from where it stopped (after fixing what it reported) (admin)");
        resume.Arguments.Add(name);
        resume.Options.Add(fix);
        var output = OutputOption.ForWrite(resume);
        resume.SetAction(async (parse, cancellationToken) =>
        {
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var since = await hub.LastEventIdAsync(cancellationToken).ConfigureAwait(false);
            var cluster = await hub.ResumeClusterAsync(parse.GetValue(name)!, parse.GetValue(fix), cancellationToken).ConfigureAwait(false);
            return await FinishAsync(hub, cluster.Name, since, output.Read(parse), cancellationToken).ConfigureAwait(false);
        });
        return resume;
    }
}
