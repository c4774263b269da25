using Microsoft.Data.Sqlite;

namespace PiController.Hub.State;

/// <summary>
/// Commands, queries and transactions for the stores: each runs inside the current <see cref="HubTransaction"/> when
/// there is one, else on a connection of its own. Parameters are named pairs; null is stored as SQL NULL.
/// </summary>
internal sealed partial class HubDatabase
{
    private readonly AsyncLocal<HubTransaction?> _current = new();

    /// <summary>Begins a transaction that the stores called until it is disposed join; commit it to keep their writes.</summary>
    public HubTransaction Begin() =>
        _current.Value is { IsOpen: true } ? new HubTransaction(_current, null) : new HubTransaction(_current, Open());

    public int Execute(string sql, params (string Name, object? Value)[] parameters) =>
        Run(sql, parameters, command => command.ExecuteNonQuery());

    public object? Scalar(string sql, params (string Name, object? Value)[] parameters) =>
        Run(sql, parameters, command => command.ExecuteScalar() is var value && value is DBNull ? null : value);

    public long Long(string sql, params (string Name, object? Value)[] parameters) =>
        Convert.ToInt64(Scalar(sql, parameters) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every row, each turned into a record by <paramref name="read"/>.</summary>
    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters) =>
        Run(sql, parameters, command =>
        {
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(read(reader));
            }
            return rows;
        });

    private T Run<T>(string sql, (string Name, object? Value)[] parameters, Func<SqliteCommand, T> run)
    {
        if (_current.Value is { IsOpen: true } transaction)
        {
            using var joined = transaction.CreateCommand();
            return Prepare(joined, sql, parameters, run);
        }
        using var connection = Open();
        using var command = connection.CreateCommand();
        return Prepare(command, sql, parameters, run);
    }

    private static T Prepare<T>(SqliteCommand command, string sql, (string Name, object? Value)[] parameters, Func<SqliteCommand, T> run)
    {
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return run(command);
    }
}
