using Microsoft.Data.Sqlite;
using PiController.Hub.State;

namespace PiController.Hub.Tests;

/// <summary>A fresh directory under /tmp for one test, removed with everything in it afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("pic-hub-tests-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Join(Path, name);

    /// <summary>A real SQLite file in this directory, migrated to the current schema.</summary>
    public HubDatabase MigratedDatabase()
    {
        var database = new HubDatabase(File("hub.db"));
        database.Migrate();
        return database;
    }

    public void Dispose()
    {
        // Pooled connections keep the file open; release them before the directory goes.
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
