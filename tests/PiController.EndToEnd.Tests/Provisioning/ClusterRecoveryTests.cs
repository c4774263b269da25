using System.Text.Json;
using Xunit.Abstractions;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// Plans that stop and go on, on whole hosts through the agents: a step that fails on the node is reported with the
/// node's own error and a next action, and `cluster resume` finishes the plan once the cause is fixed; a hub killed
/// in the middle of a plan carries it on from its database when it starts again.
/// </summary>
[Collection(ProvisioningCollection.Name)]
public sealed class ClusterRecoveryTests(ProvisioningFixture fixture, ITestOutputHelper output)
{
    [ProvisioningFact]
    public async Task A_failing_step_is_reported_with_the_nodes_error_and_the_plan_resumes_after_the_fix()
    {
        var server = fixture.Host(1);
        var clusters = new LabClusters(fixture.Hub);
        // A regular file where K3s's configuration directory belongs: writing config.yaml fails on the node.
        (await server.ExecAsync("mkdir -p /etc/rancher && echo not-a-directory > /etc/rancher/k3s")).Ok("make /etc/rancher/k3s a file");

        var (code, printed) = await clusters.TryCreateAsync("mend", [fixture.NodeId(server)], []);
        output.WriteLine(printed);

        Assert.Equal(1, code);
        Assert.Contains("FAILED", printed, StringComparison.Ordinal);
        Assert.Contains("next: ", printed, StringComparison.Ordinal);
        var failed = (await clusters.GetAsync("mend"))!.Value;
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        var step = failed.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("state").GetString() == "failed");
        Assert.Contains("/etc/rancher/k3s", step.GetProperty("description").GetString() + step.GetProperty("error").GetString(), StringComparison.Ordinal);
        var doneBefore = Done(failed);
        Assert.NotEmpty(doneBefore);

        (await server.ExecAsync("rm /etc/rancher/k3s")).Ok("remove the file");
        var (resumed, resumedOutput) = await fixture.Hub.TryCliAsync("cluster", "resume", "mend");
        output.WriteLine(resumedOutput);

        Assert.True(resumed == 0, resumedOutput);
        var ready = (await clusters.GetAsync("mend"))!.Value;
        Assert.Equal("ready", ready.GetProperty("state").GetString());
        // The install steps done before the failure were not carried out again (each kept the time it ended); the
        // preflight is judged again on the live system, which the fix changed.
        var again = doneBefore.Except(Done(ready)).ToList();
        Assert.True(again.Count == 0, "carried out again: " + string.Join("; ", again));
        await ClusterChecks.RunningAsync([server], []);

        await clusters.DeleteAsync("mend");
        await ClusterChecks.NothingOfK3sLeftAsync([server]);
    }

    [ProvisioningFact]
    public async Task A_hub_killed_in_the_middle_of_a_plan_carries_it_on_when_it_starts_again()
    {
        var (server, agent) = (fixture.Host(1), fixture.Host(2));
        var clusters = new LabClusters(fixture.Hub);
        var (serverId, agentId) = (fixture.NodeId(server), fixture.NodeId(agent));
        var cli = fixture.Hub.StartCli([.. LabClusters.CreateArguments("restart", [serverId], [agentId])]);
        try
        {
            // Once the preflight is done and the first server installs, the agent's pi-agent is frozen, so the plan
            // is sure to be in the middle of the agent's branch (its first command unanswered) when the hub is killed.
            await cli.WaitForLineAsync($"{serverId} install 1: ok", TimeSpan.FromMinutes(3));
            (await agent.ExecAsync("systemctl kill --signal=SIGSTOP pi-agent")).Ok("freeze pi-agent");
            await cli.WaitForLineAsync($"{serverId} ready 1: ok", TimeSpan.FromMinutes(3));
            await fixture.Hub.KillAndRestartAsync();
        }
        finally
        {
            (await agent.ExecAsync("systemctl kill --signal=SIGCONT pi-agent")).Ok("thaw pi-agent");
        }
        output.WriteLine(cli.Output);

        var ready = await clusters.ReadyAsync("restart", TimeSpan.FromMinutes(3));
        output.WriteLine(LabClusters.Describe(ready));
        Assert.Contains("its plan was left creating; it resumes", fixture.Hub.Process.Output, StringComparison.Ordinal);
        await ClusterChecks.RunningAsync([server], [agent]);

        await clusters.DeleteAsync("restart");
        await ClusterChecks.NothingOfK3sLeftAsync([server, agent]);
    }

    private static List<string> Done(JsonElement cluster) =>
        [.. cluster.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("state").GetString() == "done" && s.GetProperty("phase").GetString() == "install")
            .Select(s => $"{s.GetProperty("node")} {s.GetProperty("phase")} {s.GetProperty("index")} {s.GetProperty("endedAt")}")];
}
