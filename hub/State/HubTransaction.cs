using Microsoft.Data.Sqlite;

namespace PiController.Hub.State;

/// <summary>
/// One SQLite transaction, current for the code that runs inside it: every store called before <see cref="Dispose"/>
/// joins it through <see cref="HubDatabase"/>'s commands, so a service makes several stores' writes atomic without
/// handing a connection or a transaction to anyone. Not committed means rolled back. Begun inside another, it joins
/// the outer one (its <see cref="Commit"/> only ends it; the outer one decides). After Commit, commands run outside it.
/// </summary>
internal sealed class HubTransaction : IDisposable
{
    private readonly AsyncLocal<HubTransaction?> _current;
    private readonly HubTransaction? _previous;
    private readonly SqliteTransaction? _transaction;
    private bool _open = true;

    internal HubTransaction(AsyncLocal<HubTransaction?> current, SqliteConnection? connection)
    {
        _current = current;
        _previous = current.Value;
        Connection = connection;
        _transaction = connection?.BeginTransaction();
        current.Value = this;
    }

    /// <summary>The connection of the outermost transaction; null for a joined (inner) one.</summary>
    private SqliteConnection? Connection { get; }

    internal bool IsOpen => _open;

    internal SqliteCommand CreateCommand()
    {
        var owner = this;
        while (owner.Connection is null)
        {
            owner = owner._previous!;
        }
        var command = owner.Connection.CreateCommand();
        command.Transaction = owner._transaction;
        return command;
    }

    /// <summary>Keeps the writes (an inner transaction leaves that to the outer one) and ends this transaction.</summary>
    public void Commit()
    {
        _transaction?.Commit();
        Dispose();
    }

    public void Dispose()
    {
        if (!_open)
        {
            return;
        }
        _open = false;
        _current.Value = _previous;
        _transaction?.Dispose();
        Connection?.Dispose();
    }
}
