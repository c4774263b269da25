using System.Security.Cryptography;
using PiController.Agent.K3s;
using PiController.Agent.Platform;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.K3s;

/// <summary>The rollback step (RestoreK3sBinary) against a temporary tree that stands in for "/": the exchange, its checks, and what it refuses.</summary>
public sealed class K3sRestoreTests : IDisposable
{
    private readonly TempTree _root = new();
    private readonly TempDirectory _staging = new();
    private readonly K3sHostExecutor _executor;

    public K3sRestoreTests() =>
        _executor = new K3sHostExecutor(new SystemRoot(_root.Root), _staging.Path, new FixedTime(DateTimeOffset.UnixEpoch));

    public void Dispose()
    {
        _root.Dispose();
        _staging.Dispose();
    }

    [Fact]
    public async Task A_rollback_puts_the_previous_binary_back_and_keeps_the_replaced_one_as_previous()
    {
        _root.Write(K3sPaths.Binary, "new k3s");
        _root.Write(K3sPaths.PreviousBinary, "old k3s");

        var result = await Restore(Sha("old k3s"));

        Assert.True(result.K3SStep.Changed, result.Error?.Message);
        Assert.Equal("old k3s", File.ReadAllText(_root.PathOf(K3sPaths.Binary)));
        Assert.Equal("new k3s", File.ReadAllText(_root.PathOf(K3sPaths.PreviousBinary)));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(_root.PathOf(K3sPaths.Binary)));
        Assert.Contains("restored /usr/local/bin/k3s from /usr/local/bin/k3s.previous", result.K3SStep.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rollback_to_the_release_the_binary_already_is_changes_nothing()
    {
        _root.Write(K3sPaths.Binary, "old k3s");
        _root.Write(K3sPaths.PreviousBinary, "new k3s");

        var result = await Restore(Sha("old k3s"));

        Assert.False(result.K3SStep.Changed);
        Assert.Equal("new k3s", File.ReadAllText(_root.PathOf(K3sPaths.PreviousBinary)));
    }

    [Fact]
    public async Task Without_a_previous_binary_or_with_another_release_kept_the_rollback_is_refused_and_nothing_changes()
    {
        _root.Write(K3sPaths.Binary, "new k3s");
        var none = await Restore("");
        _root.Write(K3sPaths.PreviousBinary, "other k3s");
        var other = await Restore(Sha("old k3s"));

        Assert.Equal(CommandError.Types.Code.FailedPrecondition, none.Error.Code);
        Assert.StartsWith("there is no /usr/local/bin/k3s.previous on this node: nothing to roll back to", none.Error.Message, StringComparison.Ordinal);
        Assert.Equal(CommandError.Types.Code.FailedPrecondition, other.Error.Code);
        Assert.Contains("(another release); nothing was changed", other.Error.Message, StringComparison.Ordinal);
        Assert.Equal("new k3s", File.ReadAllText(_root.PathOf(K3sPaths.Binary)));
        Assert.Equal("other k3s", File.ReadAllText(_root.PathOf(K3sPaths.PreviousBinary)));
    }

    [Fact]
    public async Task A_rollback_of_any_path_but_the_K3s_binary_is_refused()
    {
        _root.Write("/usr/local/bin/k3s.previous", "old k3s");

        var result = await _executor.RunAsync(new Command { Id = "c1", RestoreK3SBinary = new RestoreK3sBinary { Path = "/usr/bin/bash" } }, CancellationToken.None);

        Assert.Equal(CommandError.Types.Code.InvalidArgument, result.Error.Code);
        Assert.Equal("a rollback restores /usr/local/bin/k3s only, not \"/usr/bin/bash\"", result.Error.Message);
        Assert.False(File.Exists(_root.PathOf(K3sPaths.Binary)));
    }

    private Task<CommandResult> Restore(string sha256) =>
        _executor.RunAsync(new Command { Id = "c1", RestoreK3SBinary = new RestoreK3sBinary { Path = K3sPaths.Binary, Sha256 = sha256 } }, CancellationToken.None);

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
