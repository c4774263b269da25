using System.Diagnostics;
using System.Security.Cryptography;
using PiController.Hub.Provisioning.AgentTransport;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Ssh;

namespace PiController.Hub.Tests.Kube.Upgrades;

/// <summary>The rollback step (<see cref="RestorePreviousBinary"/>) as the agent's link command and as the SSH script, the script run by a real sh on a temporary directory.</summary>
public sealed class RestoreStepTests : IDisposable
{
    private readonly TempDirectory _directory = new("pic-restore-");

    public void Dispose() => _directory.Dispose();

    private string Binary => Path.Join(_directory.Path, "k3s");

    [Fact]
    public void Through_the_agent_the_rollback_is_link_command_58_with_the_release_it_expects()
    {
        var sha = new string('a', 64);

        var (command, _) = AgentStepCommands.For(new RestorePreviousBinary(K3sLayout.Binary, sha), new HashSet<string>())!.Value;

        Assert.Equal(58, (int)command.OpCase);
        Assert.Equal(K3sLayout.Binary, command.RestoreK3SBinary.Path);
        Assert.Equal(sha, command.RestoreK3SBinary.Sha256);
    }

    [Fact]
    public async Task The_ssh_script_exchanges_the_binary_and_the_kept_one_and_changes_nothing_when_the_binary_already_is_that_release()
    {
        File.WriteAllText(Binary, "new k3s");
        File.WriteAllText(Binary + ".previous", "old k3s");
        var old = Convert.ToHexStringLower(SHA256.HashData("old k3s"u8));

        var (code, output, _) = await RunAsync(new RestorePreviousBinary(Binary, old));
        var (againCode, again, _) = await RunAsync(new RestorePreviousBinary(Binary, old));

        Assert.Equal(0, code);
        Assert.Equal(SshStep.Changed, output.Trim().Split('\n')[^1]);
        Assert.Equal("old k3s", File.ReadAllText(Binary));
        Assert.Equal("new k3s", File.ReadAllText(Binary + ".previous"));
        Assert.Equal(0, againCode);
        Assert.Equal(SshStep.Unchanged, again.Trim());
        Assert.Equal(Directory.GetFiles(_directory.Path).Order(StringComparer.Ordinal), new[] { Binary, Binary + ".previous" });
    }

    [Fact]
    public async Task Without_a_kept_binary_the_ssh_script_fails_with_the_reason_and_changes_nothing()
    {
        File.WriteAllText(Binary, "new k3s");

        var (code, _, error) = await RunAsync(new RestorePreviousBinary(Binary, null));

        Assert.Equal(1, code);
        Assert.Contains($"there is no {Binary}.previous on this node: nothing to roll back to", error, StringComparison.Ordinal);
        Assert.Equal("new k3s", File.ReadAllText(Binary));
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(RestorePreviousBinary step)
    {
        var script = SshStepScripts.For(step, new HashSet<string>()).Script;
        using var sh = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = sh.StandardOutput.ReadToEndAsync();
        var error = sh.StandardError.ReadToEndAsync();
        await sh.WaitForExitAsync();
        return (sh.ExitCode, await output, await error);
    }
}
