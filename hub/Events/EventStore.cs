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
    /// pages on from there.
    /// </summary>
    public EventPage Read(long afterId, long upToId, EventFilter filter, int limit)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT id, type, node_id, at, payload FROM events WHERE id > $after AND id <= $upTo{Where(query, filter)} ORDER BY id LIMIT $limit";
        query.Parameters.AddWithValue("$after", afterId);
        query.Parameters.AddWithValue("$upTo", upToId);
        query.Parameters.AddWithValue("$limit", limit);
        var events = ReadEvents(query);
        // A short page means nothing more matches up to upToId.
        return new EventPage(events, events.Count < limit ? upToId : events[^1].Id);
    }

    /// <summary>
    /// The newest events that pass the filter and <paramref name="where"/>, newest first, at most
    /// <paramref name="limit"/>, looking at no more than <paramref name="scanLimit"/> rows.
    /// </summary>
    public IReadOnlyList<HubEvent> Latest(EventFilter filter, Func<HubEvent, bool> where, int limit, int scanLimit = 100 * MaxPage)
    {
        var found = new List<HubEvent>(Math.Min(limit, MaxPage));
        var before = long.MaxValue;
        for (var scanned = 0; found.Count < limit && scanned < scanLimit; scanned += MaxPage)
        {
            using var connection = database.Open();
            using var query = connection.CreateCommand();
            query.CommandText = $"SELECT id, type, node_id, at, payload FROM events WHERE id < $before{Where(query, filter)} ORDER BY id DESC LIMIT {MaxPage}";
            query.Parameters.AddWithValue("$before", before);
            var page = ReadEvents(query);
            found.AddRange(page.Where(where).Take(limit - found.Count));
            if (page.Count < MaxPage)
            {
                break;
            }
            before = page[^1].Id;
        }
        return found;
    }

    private static string Where(SqliteCommand query, EventFilter filter)
    {
        var where = "";
        if (filter.Nodes.Count > 0)
        {
            where += " AND node_id IN (" + string.Join(", ", filter.Nodes.Select((_, i) => "$n" + i)) + ")";
            var i = 0;
            foreach (var n in filter.Nodes)
            {
                query.Parameters.AddWithValue("$n" + i++, n);
            }
        }
        if (filter.Types.Count > 0)
        {
            var exact = filter.Types.Where(t => !EventFilter.IsPattern(t)).ToList();
            var terms = new List<string>();
            if (exact.Count > 0)
            {
                terms.Add("type IN (" + string.Join(", ", exact.Select((_, i) => "$t" + i)) + ")");
                for (var i = 0; i < exact.Count; i++)
                {
                    query.Parameters.AddWithValue("$t" + i, exact[i]);
                }
            }
            for (var i = 0; i < filter.Prefixes.Count; i++)
            {
                // substr, not LIKE: no wildcard in a type name can widen the match.
                terms.Add($"substr(type, 1, {filter.Prefixes[i].Length}) = $p{i}");
                query.Parameters.AddWithValue("$p" + i, filter.Prefixes[i]);
            }
            where += " AND (" + string.Join(" OR ", terms) + ")";
        }
        if (filter.Resource is { } resource)
        {
            where += resource.Sql(query);
        }
        return where;
    }

    private static List<HubEvent> ReadEvents(SqliteCommand query)
    {
        using var reader = query.ExecuteReader();
        var events = new List<HubEvent>();
        while (reader.Read())
        {
            using var payload = JsonDocument.Parse(reader.GetString(4));
            events.Add(new HubEvent(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), payload.RootElement.Clone()));
        }
        return events;
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

    /// <summary>
    /// Deletes events recorded before <paramref name="cutoff"/>; returns how many. Publishers stamp the time before
    /// the writer assigns ids, so times are not strictly in id order: everything up to the newest id recorded
    /// before the cutoff goes, so what remains is always one unbroken run of ids (a resuming client is told of a
    /// gap only at the start).
    /// </summary>
    public int DeleteBefore(DateTimeOffset cutoff)
    {
        using var connection = database.Open();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events WHERE at < $cutoff)";
        delete.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        return delete.ExecuteNonQuery();
    }

    /// <summary>
    /// Deletes the oldest events beyond the newest <paramref name="maxRows"/>; returns how many. The ids left are
    /// one unbroken run, as after <see cref="DeleteBefore"/>. Cheap when under the cap: the id range bounds the count.
    /// </summary>
    public int DeleteOverCap(long maxRows)
    {
        using var connection = database.Open();
        using var range = connection.CreateCommand();
        range.CommandText = "SELECT COALESCE(MAX(id) - MIN(id) + 1, 0) FROM events";
        if ((long)range.ExecuteScalar()! <= maxRows)
        {
            return 0;
        }
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM events WHERE id < (SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET $keep)";
        delete.Parameters.AddWithValue("$keep", maxRows - 1);
        return delete.ExecuteNonQuery();
    }
}

/// <summary>A page of events and the id up to which the store looked for it.</summary>
internal sealed record EventPage(IReadOnlyList<HubEvent> Events, long ScannedUpTo);

/// <summary>An event published but not yet stored (no id yet).</summary>
internal sealed record PendingEvent(string Type, string? NodeId, DateTimeOffset At, JsonElement Payload);
