using Microsoft.Data.Sqlite;
using PiController.Hub.State;

namespace PiController.Hub.Tests;

/// <summary>The hub's database in a test's temporary directory.</summary>
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
}
