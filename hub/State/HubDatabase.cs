using Microsoft.Data.Sqlite;

namespace PiController.Hub.State;

/// <summary>
/// The hub's SQLite file: WAL mode, foreign keys on, a busy timeout, and versioned migrations applied at start.
/// Plain ADO.NET, no reflection, so the hub stays AOT-publishable.
/// </summary>
internal sealed partial class HubDatabase
{
    private readonly string _connectionString;

    public HubDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Creates the file if needed, switches it to WAL and applies every migration it has not seen.</summary>
    public int Migrate()
    {
        using var connection = Open();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)";
            create.ExecuteNonQuery();
        }
        var applied = new HashSet<int>();
        using (var versions = connection.CreateCommand())
        {
            versions.CommandText = "SELECT version FROM schema_migrations";
            using var reader = versions.ExecuteReader();
            while (reader.Read())
            {
                applied.Add(reader.GetInt32(0));
            }
        }
        var current = applied.Count == 0 ? 0 : applied.Max();
        var latest = Migrations.All[^1].Version;
        if (current > latest)
        {
            throw new InvalidOperationException(
                $"{Path} has schema version {current}, newer than this pi-controller knows ({latest}); run a newer pi-controller or restore a backup");
        }
        foreach (var migration in Migrations.All.Where(m => !applied.Contains(m.Version)))
        {
            using var transaction = connection.BeginTransaction();
            using (var apply = connection.CreateCommand())
            {
                apply.Transaction = transaction;
                apply.CommandText = migration.Sql;
                apply.ExecuteNonQuery();
            }
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $t)";
                record.Parameters.AddWithValue("$v", migration.Version);
                record.Parameters.AddWithValue("$n", migration.Name);
                record.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                record.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        return latest;
    }
}
