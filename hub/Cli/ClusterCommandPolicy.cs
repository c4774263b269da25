using System.CommandLine;
using System.Globalization;
using System.Text;
using PiController.Hub.Cli.Output;
using PiController.Hub.Kube.Policy;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>cluster policy NAME</c>: shows a managed cluster's policy; with flags, changes it (admin): throttling taints,
/// what membership differences lead to, and each namespace's share of the cluster's memory.
/// </summary>
internal static partial class ClusterCommand
{
    private static Command Policy(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the cluster's name" };
        var taints = new Option<string?>("--throttle-taints") { Description = "on: taint a node NoSchedule while its firmware reports under-voltage or thermal throttling; off: never (the default)" };
        taints.AcceptOnlyFromAmong("on", "off");
        var membership = new Option<string?>("--membership") { Description = "report: differences between the hub and Kubernetes are reported (the default); repair: also repaired" };
        membership.AcceptOnlyFromAmong([.. MembershipPolicy.All]);
        var quotas = new Option<string[]>("--quota")
        {
            Description = "NAMESPACE=PERCENT: a ResourceQuota and LimitRange in the namespace, sized to that share of the cluster's memory (0 removes; repeatable)",
            AllowMultipleArgumentsPerToken = true,
        };
        var policy = new Command("policy", "show a managed cluster's policy; with flags, change it (admin): throttle taints, membership repair, namespace quotas");
        policy.Arguments.Add(name);
        policy.Options.Add(taints);
        policy.Options.Add(membership);
        policy.Options.Add(quotas);
        var output = OutputOption.ForRead(policy, name: false);
        policy.SetAction(async (parse, cancellationToken) =>
        {
            var format = output.Read(parse);
            var shares = (parse.GetValue(quotas) ?? []).Select(Quota).ToList();
            var change = new UpdateClusterPolicyRequest(parse.GetValue(taints) is { } t ? t == "on" : null, parse.GetValue(membership), shares.Count == 0 ? null : shares);
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var view = change == new UpdateClusterPolicyRequest()
                ? await hub.GetClusterPolicyAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false)
                : await hub.UpdateClusterPolicyAsync(parse.GetValue(name)!, change, cancellationToken).ConfigureAwait(false);
            if (!Machine.Print(format, view, HubJsonContext.Default.ClusterPolicyView))
            {
                Terminal.Write(DescribePolicy(view));
            }
            return 0;
        });
        return policy;
    }

    public static string DescribePolicy(ClusterPolicyView policy)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Cluster {policy.Cluster}: throttle taints {(policy.ThrottleTaints ? "on" : "off")}, membership {policy.Membership}\n");
        if (policy.Quotas.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"No namespace quotas; give one with: pi-controller cluster policy {policy.Cluster} --quota NAMESPACE=PERCENT\n");
        }
        else
        {
            text.Append(TextTable.Render(["NAMESPACE", "MEMORY SHARE"], policy.Quotas.Select(q => new[] { q.Namespace, $"{q.MemoryPercent}%" }))).Append('\n');
        }
        return text.ToString();
    }

    private static NamespaceQuota Quota(string text) =>
        text.Split('=', 2) is [var ns, var share] && int.TryParse(share.Trim().TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var percent)
            ? new NamespaceQuota(ns.Trim(), percent)
            : throw new CliException($"--quota {text}: write NAMESPACE=PERCENT, for example --quota apps=25 (0 removes the namespace's quota)");
}
