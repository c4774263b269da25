using System.Text.Json;
using Microsoft.Data.Sqlite;
using PiController.Hub.State;

namespace PiController.Hub.Events;

/// <summary>
/// The events table: appended in batches by <see cref="EventBus"/>'s writer, read by clients that resume, trimmed
/// by the retention service. Ids come from AUTOINCREMENT, so an id is never handed out twice, even after the
/// newest rows were deleted.
/// </summary>
internal sealed class EventStore(HubDatabase database)
{
    public const int MaxPage = 1000;

    public const string Schema = """
        CREATE TABLE events (
            id       INTEGER PRIMARY KEY AUTOINCREMENT,
            type     TEXT NOT NULL,
            node_id  TEXT,
            at       INTEGER NOT NULL,
            payload  TEXT NOT NULL
        );
        CREATE INDEX events_at ON events (at);
        CREATE INDEX events_node ON events (node_id, id);
        """;

    /// <summary>Stores the events in one transaction and returns them with their ids, in order.</summary>
    public IReadOnlyList<HubEvent> Append(IReadOnlyList<PendingEvent> pending)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO events (type, node_id, at, payload) VALUES ($type, $node, $at, $payload) RETURNING id";
        var type = insert.Parameters.Add("$type", SqliteType.Text);
        var node = insert.Parameters.Add("$node", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Integer);
        var payload = insert.Parameters.Add("$payload", SqliteType.Text);
        var stored = new List<HubEvent>(pending.Count);
        foreach (var e in pending)
        {
            type.Value = e.Type;
            node.Value = e.NodeId is { } n ? n : DBNull.Value;
            at.Value = e.At.ToUnixTimeMilliseconds();
            payload.Value = e.Payload.GetRawText();
            var id = (long)insert.ExecuteScalar()!;
            stored.Add(new HubEvent(id, e.Type, e.NodeId, DateTimeOffset.FromUnixTimeMilliseconds(e.At.ToUnixTimeMilliseconds()), e.Payload));
        }
        transaction.Commit();
        return stored;
    }

    /// <summary>
    /// Events with <paramref name="afterId"/> &lt; id &lt;= <paramref name="upToId"/> that pass the filter, oldest
    /// first, at most <paramref name="limit"/>; the page also says up to which id the store looked, so a caller
    /// pages on from there (a filtered page can be short, or empty, without being the last).
    /// </summary>
    public EventPage Read(long afterId, long upToId, EventFilter filter, int limit)
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        var where = "id > $after AND id <= $upTo";
        if (filter.Nodes.Count > 0)
        {
            where += " AND node_id IN (" + string.Join(", ", filter.Nodes.Select((_, i) => "$n" + i)) + ")";
            var i = 0;
            foreach (var n in filter.Nodes)
            {
                query.Parameters.AddWithValue("$n" + i++, n);
            }
        }
        query.CommandText = $"SELECT id, type, node_id, at, payload FROM events WHERE {where} ORDER BY id LIMIT $limit";
        query.Parameters.AddWithValue("$after", afterId);
        query.Parameters.AddWithValue("$upTo", upToId);
        // Type patterns ("node.*") are matched here, not in SQL; a page may then hold fewer than limit rows,
        // so the SQL limit is taken generously and the caller pages on the last id it saw.
        limit = Math.Clamp(limit, 1, MaxPage);
        var sqlLimit = limit * (filter.Types.Count > 0 ? 4 : 1);
        query.Parameters.AddWithValue("$limit", sqlLimit);
        using var reader = query.ExecuteReader();
        var events = new List<HubEvent>();
        var scanned = afterId;
        var rows = 0;
        while (events.Count < limit && reader.Read())
        {
            rows++;
            scanned = reader.GetInt64(0);
            using var payload = JsonDocument.Parse(reader.GetString(4));
            var e = new HubEvent(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), payload.RootElement.Clone());
            if (filter.Matches(e))
            {
                events.Add(e);
            }
        }
        // Fewer rows than asked for: nothing more up to upToId.
        return new EventPage(events, events.Count < limit && rows < sqlLimit ? upToId : scanned);
    }

    /// <summary>The highest id handed out so far (0 when none), also counting rows already trimmed.</summary>
    public long LastId()
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)";
        return (long)query.ExecuteScalar()!;
    }

    /// <summary>The lowest id still stored, or null when the table is empty.</summary>
    public long? FirstId()
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT MIN(id) FROM events";
        return query.ExecuteScalar() is long id ? id : null;
    }

    /// <summary>Deletes events recorded before <paramref name="cutoff"/>; returns how many.</summary>
    public int DeleteBefore(DateTimeOffset cutoff)
    {
        using var connection = database.Open();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM events WHERE at < $cutoff";
        delete.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        return delete.ExecuteNonQuery();
    }
}

/// <summary>A page of events and the id up to which the store looked for it.</summary>
internal sealed record EventPage(IReadOnlyList<HubEvent> Events, long ScannedUpTo);

/// <summary>An event published but not yet stored (no id yet).</summary>
internal sealed record PendingEvent(string Type, string? NodeId, DateTimeOffset At, JsonElement Payload);
