using PiController.Hub.State;

namespace PiController.Hub.Audit;

/// <summary>
/// The audit_log table: appended by <see cref="AuditMiddleware"/>, read by GET /api/v1/audit. Never holds a request
/// body. Bounded: refusals of callers without a valid token are counted in one row per address, action and
/// minute instead of a row each; rows older than <see cref="AuditLimits.Retention"/> go, and beyond
/// <see cref="AuditLimits.MaxRows"/> the oldest go (checked every <see cref="TrimEvery"/> rows and hourly by
/// <see cref="AuditRetentionService"/>).
/// </summary>
internal sealed class AuditLog(HubDatabase database, AuditLimits limits, TimeProvider time)
{
    public const int MaxQuery = 1000;

    /// <summary>How long repeated refusals of one address and action share a row.</summary>
    public static readonly TimeSpan AggregationWindow = TimeSpan.FromMinutes(1);

    /// <summary>Rows recorded between two checks of the row cap.</summary>
    public const int TrimEvery = 1000;

    private const int MaxAggregated = 10_000;


    private readonly Dictionary<(string Source, string Action, string Target, int Status), (long Id, DateTimeOffset Until)> _aggregated = [];
    private readonly Lock _gate = new();
    private long _inserted;

    public void Record(AuditEntry entry)
    {
        if (entry.Actor == AuditEntry.Anonymous && entry.Result == AuditEntry.Refused)
        {
            RecordRefusal(entry);
        }
        else
        {
            Insert(entry);
        }
        if (Interlocked.Increment(ref _inserted) % TrimEvery == 0)
        {
            TrimToCap();
        }
    }

    /// <summary>Deletes the rows older than the retention and those beyond the row cap; returns how many went.</summary>
    public int Trim()
    {
        using var connection = database.Open();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM audit_log WHERE at < $cutoff";
        delete.Parameters.AddWithValue("$cutoff", (time.GetUtcNow() - limits.Retention).ToUnixTimeMilliseconds());
        return delete.ExecuteNonQuery() + TrimToCap();
    }

    /// <summary>The newest <paramref name="limit"/> entries at or after <paramref name="since"/>, newest first.</summary>
    public IReadOnlyList<AuditEntry> Query(int limit, DateTimeOffset? since)
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT id, at, actor, source_address, action, target, status, grpc_status, result, count, last_at FROM audit_log
            WHERE at >= $since ORDER BY id DESC LIMIT $limit
            """;
        query.Parameters.AddWithValue("$since", since?.ToUnixTimeMilliseconds() ?? 0);
        query.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, MaxQuery));
        using var reader = query.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetInt32(7), reader.GetString(8),
                reader.GetInt32(9), reader.IsDBNull(10) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10))));
        }
        return entries;
    }

    private void RecordRefusal(AuditEntry entry)
    {
        var key = (entry.SourceAddress, entry.Action, entry.Target, entry.Status);
        lock (_gate)
        {
            if (_aggregated.TryGetValue(key, out var row) && row.Until > entry.At && Repeat(row.Id, entry.At))
            {
                return;
            }
            if (_aggregated.Count >= MaxAggregated)
            {
                foreach (var (k, r) in _aggregated)
                {
                    if (r.Until <= entry.At)
                    {
                        _aggregated.Remove(k);
                    }
                }
                if (_aggregated.Count >= MaxAggregated)
                {
                    // Still full of live windows (many addresses at once): start over rather than grow.
                    _aggregated.Clear();
                }
            }
            _aggregated[key] = (Insert(entry), entry.At + AggregationWindow);
        }
    }

    /// <summary>Counts one more refusal in row <paramref name="id"/>; false if the row is gone (trimmed).</summary>
    private bool Repeat(long id, DateTimeOffset at)
    {
        using var connection = database.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE audit_log SET count = count + 1, last_at = $at WHERE id = $id";
        update.Parameters.AddWithValue("$id", id);
        update.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        return update.ExecuteNonQuery() == 1;
    }

    private long Insert(AuditEntry entry)
    {
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO audit_log (at, actor, source_address, action, target, status, grpc_status, result)
            VALUES ($at, $actor, $source, $action, $target, $status, $grpc, $result)
            RETURNING id
            """;
        insert.Parameters.AddWithValue("$at", entry.At.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$actor", entry.Actor);
        insert.Parameters.AddWithValue("$source", entry.SourceAddress);
        insert.Parameters.AddWithValue("$action", entry.Action);
        insert.Parameters.AddWithValue("$target", entry.Target);
        insert.Parameters.AddWithValue("$status", entry.Status);
        insert.Parameters.AddWithValue("$grpc", entry.GrpcStatus is { } g ? g : DBNull.Value);
        insert.Parameters.AddWithValue("$result", entry.Result);
        return (long)insert.ExecuteScalar()!;
    }

    /// <summary>Keeps the newest <see cref="AuditLimits.MaxRows"/> rows (ids have no holes but a deleted prefix).</summary>
    private int TrimToCap()
    {
        using var connection = database.Open();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM audit_log WHERE id <= (SELECT MAX(id) FROM audit_log) - $cap";
        delete.Parameters.AddWithValue("$cap", limits.MaxRows);
        return delete.ExecuteNonQuery();
    }
}
