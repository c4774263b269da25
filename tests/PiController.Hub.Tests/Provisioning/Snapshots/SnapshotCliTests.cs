using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Security;
using PiController.Hub.Tests.Cli;
using PiController.Hub.Tests.Provisioning.Clusters;
using PiController.Protocol.Trust;

namespace PiController.Hub.Tests.Provisioning.Snapshots;

/// <summary>pi-controller cluster snapshot and the snapshot lines of cluster get, in-process against a hub whose nodes are test doubles.</summary>
public sealed class SnapshotCliTests : ClusterPlanFixture
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero));

    private async Task<InProcessCli.Result> CliAsync(params string[] arguments) => await InProcessCli.RunAsync(null, [.. arguments,
        "--hub", $"https://127.0.0.1:{Hub.Options.Port}",
        "--ca-fingerprint", HubTrust.Fingerprint(Hub.App.Services.GetRequiredService<CertificateAuthority>().Certificate), "--token", Hub.Token(ApiRole.Admin)]);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Nodes.Clock = _clock;
        Assert.Equal(0, (await CliAsync("cluster", "create", "lab", "--server", "ssh:s1", "--yes")).Code);
    }

    [Fact]
    public async Task Save_says_where_the_snapshot_was_taken_and_lists_the_snapshots()
    {
        var result = await CliAsync("cluster", "snapshot", "save", "lab", "--name", "nightly");

        Assert.True(result.Code == 0, result.Error);
        Assert.Equal("""
            snapshot saved on ssh:s1: Save done
            NAME                   NODE    SIZE   CREATED
            nightly-s1-1796608800  ssh:s1  1000B  2026-12-07T02:00:00Z
            no schedule (set one: pi-controller cluster snapshot schedule lab --cron "0 */12 * * *" --retention 5)

            """.ReplaceLineEndings("\n"), result.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Cluster_get_lists_the_newest_snapshots_and_the_schedule_last()
    {
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(0, (await CliAsync("cluster", "snapshot", "save", "lab")).Code);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }
        Assert.Equal(0, (await CliAsync("cluster", "snapshot", "schedule", "lab", "--cron", "0 3 * * *", "--retention", "7")).Code);

        var result = await CliAsync("cluster", "get", "lab");

        Assert.True(result.Code == 0, result.Error);
        var output = result.Output.ReplaceLineEndings("\n");
        Assert.Contains("ssh:s1  server (first)  ready  23/23\n", output, StringComparison.Ordinal);
        Assert.Contains("\n\netcd snapshots: 7; schedule \"0 3 * * *\" (UTC), keeps 7; next ", output, StringComparison.Ordinal);
        Assert.Contains("T03:00:00Z, last never\nSNAPSHOT ", output, StringComparison.Ordinal);
        Assert.Contains("SNAPSHOT                 NODE    SIZE   CREATED\non-demand-s1-1796609160  ssh:s1  1006B  2026-12-07T02:06:00Z\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("on-demand-s1-1796608860 ", output, StringComparison.Ordinal);
        Assert.EndsWith("(2 older: pi-controller cluster snapshot ls lab)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schedule_of_at_daily_is_the_cron_word_not_a_response_file()
    {
        var result = await CliAsync("cluster", "snapshot", "schedule", "lab", "--cron", "@daily", "--retention", "3");

        Assert.True(result.Code == 0, result.Error);
        var output = (await CliAsync("cluster", "get", "lab")).Output.ReplaceLineEndings("\n");
        Assert.Contains("schedule \"@daily\" (UTC), keeps 3", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_and_ls_print_what_is_left_and_json_prints_the_whole_answer()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, (await CliAsync("cluster", "snapshot", "save", "lab")).Code);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        var pruned = await CliAsync("cluster", "snapshot", "prune", "lab", "--retention", "1");
        var listed = await CliAsync("cluster", "snapshot", "ls", "lab", "-o", "json");

        Assert.True(pruned.Code == 0, pruned.Error);
        Assert.StartsWith("pruned on ssh:s1\nNAME", pruned.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("on-demand-s1-1796608920", pruned.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("on-demand-s1-1796608800", pruned.Output, StringComparison.Ordinal);
        Assert.Contains("\"node\": \"ssh:s1\"", listed.Output, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"on-demand-s1-1796608920\"", listed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_on_SQLite_ends_save_with_one_line_that_says_why_and_exit_code_1()
    {
        Nodes.Datastores["s1"] = EtcdDatastore.Sqlite;

        var result = await CliAsync("cluster", "snapshot", "save", "lab");

        Assert.Equal(1, result.Code);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains("keeps its datastore in SQLite on ssh:s1", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Schedule_off_removes_the_schedule_and_off_with_a_cron_is_refused()
    {
        Assert.Equal(0, (await CliAsync("cluster", "snapshot", "schedule", "lab")).Code);

        var both = await CliAsync("cluster", "snapshot", "schedule", "lab", "--off", "--cron", "0 0 * * *");
        var off = await CliAsync("cluster", "snapshot", "schedule", "lab", "--off");
        var twice = await CliAsync("cluster", "snapshot", "schedule", "lab", "--off");

        Assert.NotEqual(0, both.Code);
        Assert.True(both.Error.Contains("--off removes the schedule; give it alone", StringComparison.Ordinal), both.Error);
        Assert.Equal("cluster lab: no schedule (set one: pi-controller cluster snapshot schedule lab --cron \"0 */12 * * *\" --retention 5)\n", off.Output.ReplaceLineEndings("\n"));
        Assert.Equal(1, twice.Code);
        Assert.Contains("cluster lab has no snapshot schedule", twice.Error, StringComparison.Ordinal);
    }
}
