using PiController.Hub.State;

namespace PiController.Hub.Tests.State;

public sealed class HubTransactionTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly HubDatabase _database;

    public HubTransactionTests() => _database = _directory.MigratedDatabase();

    public void Dispose() => _directory.Dispose();

    private long Tokens() => _database.Long("SELECT COUNT(*) FROM join_tokens");

    private void Insert(string id) =>
        _database.Execute("INSERT INTO join_tokens (token_id, secret_hash, created_at) VALUES ($id, x'00', 0)", ("$id", id));

    [Fact]
    public void Commands_inside_a_transaction_are_kept_only_when_it_commits()
    {
        using (var abandoned = _database.Begin())
        {
            Insert("a");
            Assert.Equal(1, Tokens());
        }
        Assert.Equal(0, Tokens());

        using (var kept = _database.Begin())
        {
            Insert("b");
            kept.Commit();
        }
        Assert.Equal(1, Tokens());
    }

    [Fact]
    public void A_transaction_begun_inside_another_joins_it_and_the_outer_one_decides()
    {
        using (var outer = _database.Begin())
        {
            using (var inner = _database.Begin())
            {
                Insert("c");
                inner.Commit();
            }
            Insert("d");
        }
        Assert.Equal(0, Tokens());
    }

    [Fact]
    public void After_a_commit_commands_run_on_their_own()
    {
        using var transaction = _database.Begin();
        Insert("e");
        transaction.Commit();

        Insert("f");

        Assert.Equal(2, Tokens());
    }
}
