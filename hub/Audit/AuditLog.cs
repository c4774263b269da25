using PiController.Hub.State;

namespace PiController.Hub.Audit;

/// <summary>The audit_log table: appended by <see cref="AuditMiddleware"/>, read by GET /api/v1/audit. Never holds a request body.</summary>
internal sealed class AuditLog(HubDatabase database)
{
    public const int MaxQuery = 1000;

    public void Record(AuditEntry entry)
    {
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO audit_log (at, actor, source_address, action, target, status, grpc_status, result)
            VALUES ($at, $actor, $source, $action, $target, $status, $grpc, $result)
            """;
        insert.Parameters.AddWithValue("$at", entry.At.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$actor", entry.Actor);
        insert.Parameters.AddWithValue("$source", entry.SourceAddress);
        insert.Parameters.AddWithValue("$action", entry.Action);
        insert.Parameters.AddWithValue("$target", entry.Target);
        insert.Parameters.AddWithValue("$status", entry.Status);
        insert.Parameters.AddWithValue("$grpc", entry.GrpcStatus is { } g ? g : DBNull.Value);
        insert.Parameters.AddWithValue("$result", entry.Result);
        insert.ExecuteNonQuery();
    }

    /// <summary>The newest <paramref name="limit"/> entries at or after <paramref name="since"/>, newest first.</summary>
    public IReadOnlyList<AuditEntry> Query(int limit, DateTimeOffset? since)
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT id, at, actor, source_address, action, target, status, grpc_status, result FROM audit_log
            WHERE at >= $since ORDER BY id DESC LIMIT $limit
            """;
        query.Parameters.AddWithValue("$since", since?.ToUnixTimeMilliseconds() ?? 0);
        query.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, MaxQuery));
        using var reader = query.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetInt32(7), reader.GetString(8)));
        }
        return entries;
    }
}
