using Microsoft.Data.Sqlite;
using PiController.Hub.State;

namespace PiController.Hub.Tests.State;

public sealed class HubDatabaseTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Migrate_creates_the_schema_in_a_new_file()
    {
        var path = _directory.File("new.db");
        var database = new HubDatabase(path);

        var version = database.Migrate();

        Assert.True(File.Exists(path));
        Assert.Equal(Migrations.All[^1].Version, version);
        var tables = database.Strings("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        Assert.Superset(new HashSet<string> { "api_tokens", "audit_log", "enrollment_requests", "join_tokens", "node_certificates", "nodes", "schema_migrations" }, tables.ToHashSet());
        Assert.Equal(Migrations.All.Count, database.Long("SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public void Migrate_puts_the_file_in_WAL_mode()
    {
        var path = _directory.File("wal.db");
        new HubDatabase(path).Migrate();

        // A plain connection, without the hub's pragmas: WAL is a property of the file, not of a connection.
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void A_second_Migrate_changes_nothing()
    {
        var database = _directory.MigratedDatabase();
        database.Execute("INSERT INTO api_tokens (token_id, name, role, secret_hash, created_at) VALUES ('t1', 'kept', 'viewer', x'00', 1)");
        var before = database.Strings("SELECT version || ':' || applied_at FROM schema_migrations ORDER BY version");

        var version = database.Migrate();

        Assert.Equal(Migrations.All[^1].Version, version);
        Assert.Equal(before, database.Strings("SELECT version || ':' || applied_at FROM schema_migrations ORDER BY version"));
        Assert.Equal(["kept"], database.Strings("SELECT name FROM api_tokens"));
    }

    [Fact]
    public void A_database_with_a_newer_schema_is_refused_with_a_clear_message()
    {
        var database = _directory.MigratedDatabase();
        var newer = Migrations.All[^1].Version + 1;
        database.Execute($"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({newer}, 'from the future', 0)");

        var refused = Assert.Throws<InvalidOperationException>(() => database.Migrate());

        Assert.Contains($"schema version {newer}", refused.Message, StringComparison.Ordinal);
        Assert.Contains(database.Path, refused.Message, StringComparison.Ordinal);
        Assert.Contains("run a newer pi-controller or restore a backup", refused.Message, StringComparison.Ordinal);
    }
}
