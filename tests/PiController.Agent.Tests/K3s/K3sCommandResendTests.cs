using PiController.Agent.K3s;
using PiController.Agent.Link;
using PiController.Agent.Platform;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.K3s;

public sealed class K3sCommandResendTests
{
    [Fact]
    public async Task A_K3s_step_re_sent_while_it_still_runs_is_answered_with_that_runs_result_and_not_run_twice()
    {
        using var root = new TempTree();
        using var staging = new TempDirectory();
        var system = new SystemRoot(root.Root);
        var gate = new TaskCompletionSource();
        var downloads = 0;
        var k3s = new K3sCommands(system, new K3sHostSteps(system, staging.Path, TimeProvider.System), async _ =>
        {
            Interlocked.Increment(ref downloads);
            await gate.Task;
            throw new ArtifactDownloadException("the hub could not give the K3s file (test)");
        }, TimeProvider.System);
        var dispatcher = new CommandDispatcher(new CommandJournal(), TimeProvider.System, null, k3s);
        Command Place() => new()
        {
            Id = "k1",
            InstallK3S = new InstallK3s { Binary = new PlaceK3sBinary { Path = K3sPaths.Binary, Sha256 = new string('c', 64) } },
        };

        var first = dispatcher.HandleAsync(Place()).AsTask();
        var resent = dispatcher.HandleAsync(Place()).AsTask();
        Assert.False(resent.IsCompleted);
        gate.SetResult();

        var answer = await resent;
        Assert.Equal((await first)!.Error, answer!.Error);
        Assert.Equal("k1", answer.Id);
        Assert.Equal(CommandError.Types.Code.FailedPrecondition, answer.Error.Code);
        Assert.Equal(1, downloads);
        Assert.Same(await first, await dispatcher.HandleAsync(Place()));
    }
}
