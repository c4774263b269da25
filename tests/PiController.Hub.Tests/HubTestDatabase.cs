using Microsoft.Data.Sqlite;
using PiController.Hub.State;

namespace PiController.Hub.Tests;

/// <summary>The hub's database in a test's temporary directory, and direct SQL on it (<see cref="RawSql"/>).</summary>
internal static class HubTestDatabase
{
    /// <summary>A real SQLite file in the directory, migrated to the current schema.</summary>
    public static HubDatabase MigratedDatabase(this TempDirectory directory)
    {
        ReleaseConnectionsOnDelete(directory);
        var database = new HubDatabase(directory.File("hub.db"));
        database.Migrate();
        return database;
    }

    /// <summary>Pooled connections keep the file open; release them before the directory goes.</summary>
    public static void ReleaseConnectionsOnDelete(this TempDirectory directory) => directory.BeforeDelete(SqliteConnection.ClearAllPools);

    public static object? Scalar(this HubDatabase database, string sql)
    {
        using var connection = database.Open();
        return connection.Scalar(sql);
    }

    public static long Long(this HubDatabase database, string sql)
    {
        using var connection = database.Open();
        return connection.Number(sql);
    }

    public static int Execute(this HubDatabase database, string sql)
    {
        using var connection = database.Open();
        return connection.Execute(sql);
    }

    public static List<string> Strings(this HubDatabase database, string sql)
    {
        using var connection = database.Open();
        return connection.Strings(sql);
    }
}
