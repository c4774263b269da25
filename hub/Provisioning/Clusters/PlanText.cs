using System.Text;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>A plan as a person reads it before saying yes: per node in the order they run, preflight, chosen settings with reasons, every step exactly (secrets masked).</summary>
internal static class PlanText
{
    public static string Render(string name, string version, IReadOnlyList<string> disable, IReadOnlyList<NodePlanView> nodes)
    {
        var servers = nodes.Count(n => n.Role == "server");
        var agents = nodes.Count - servers;
        var text = new StringBuilder();
        text.Append($"Cluster {name}: K3s {version}, {servers} server{(servers == 1 ? "" : "s")}, {agents} agent{(agents == 1 ? "" : "s")}; ")
            .Append(disable.Count == 0 ? "every packaged component kept" : $"disabled: {string.Join(", ", disable)}").Append('\n');
        text.Append("Order: the first server initialises the cluster; the other servers join one at a time once it is Ready; the agents join together after the servers.\n");
        text.Append("Secrets are shown as ********; the hub generates them and keeps them sealed.\n");
        foreach (var node in nodes)
        {
            text.Append($"\n{node.Role} {node.Node} ({node.Order})\n");
            if (node.Unreachable is { } unreachable)
            {
                text.Append($"  not reached: {unreachable}; its preflight runs when the plan does\n");
            }
            else
            {
                text.Append("  preflight:\n");
                foreach (var finding in node.Preflight)
                {
                    text.Append($"    {finding.Level,-8} {finding.Check}: {finding.Message}{(finding.Fixable ? " (--fix repairs it)" : "")}\n");
                }
            }
            if (node.Problem is { } problem)
            {
                text.Append($"  cannot be planned yet: {problem}\n");
                continue;
            }
            text.Append("  settings the hub chose:\n");
            foreach (var chosen in node.Defaults)
            {
                text.Append($"    {chosen.Setting}: {chosen.Reason}\n");
            }
            text.Append("  steps:\n");
            for (var i = 0; i < node.Steps.Count; i++)
            {
                var lines = node.Steps[i].Split('\n');
                text.Append($"    {i + 1,2}. {lines[0]}\n");
                foreach (var line in lines.Skip(1))
                {
                    text.Append("        ").Append(line).Append('\n');
                }
            }
        }
        return text.ToString();
    }

    public static string Order(ClusterNodeRecord node, IReadOnlyList<ClusterNodeRecord> nodes)
    {
        if (node.Role == Install.K3sRole.Agent)
        {
            return "agent: joins with the other agents once every server is Ready";
        }
        var servers = nodes.Where(n => n.Role == Install.K3sRole.Server).OrderBy(n => n.Ordinal).ToList();
        var place = servers.FindIndex(s => s.Target == node.Target);
        return place == 0 ? "first server: initialises the cluster" : $"server {place + 1} of {servers.Count}: joins after server {place} is Ready";
    }
}
