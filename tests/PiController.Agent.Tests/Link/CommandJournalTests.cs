using PiController.Agent.Link;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Link;

public sealed class CommandJournalTests
{
    [Fact]
    public void New_id_is_begun_and_a_running_one_has_no_result_yet()
    {
        var journal = new CommandJournal();

        Assert.True(journal.TryBegin("c1", out var none));
        Assert.Null(none);
        Assert.False(journal.TryBegin("c1", out var running));
        Assert.Null(running);
    }

    [Fact]
    public void Completed_id_is_answered_from_the_record()
    {
        var journal = new CommandJournal();
        journal.TryBegin("c1", out _);
        var result = new CommandResult { Id = "c1", Pong = new Pong() };
        journal.Complete(result);

        Assert.False(journal.TryBegin("c1", out var recorded));
        Assert.Same(result, recorded);
    }

    [Fact]
    public void Oldest_entries_are_forgotten_beyond_the_capacity()
    {
        var journal = new CommandJournal(capacity: 2);
        journal.TryBegin("c1", out _);
        journal.TryBegin("c2", out _);
        journal.TryBegin("c3", out _);

        Assert.True(journal.TryBegin("c1", out _));
        Assert.False(journal.TryBegin("c3", out _));
    }

    [Fact]
    public void Result_for_an_id_never_begun_is_not_recorded()
    {
        var journal = new CommandJournal();
        journal.Complete(new CommandResult { Id = "stray", Pong = new Pong() });

        Assert.True(journal.TryBegin("stray", out _));
    }
}
