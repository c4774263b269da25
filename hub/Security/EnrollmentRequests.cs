using Microsoft.Data.Sqlite;

namespace PiController.Hub.Security;

/// <summary>What became of a re-enrollment: the key was approved, or it waits (newly, still), or it was refused.</summary>
internal enum ReEnrollment
{
    Approved,
    Recorded,
    StillWaiting,
    TooMany,
}

/// <summary>
/// The waiting re-enrollments, one row per node and key. A key is approved only by naming it; a request is never
/// changed by another one (a different key is a request of its own, up to <see cref="MaxWaitingPerNode"/>).
/// </summary>
internal static class EnrollmentRequests
{
    /// <summary>Enough for a re-key, a replaced board and a stray clone at once; more is someone trying keys.</summary>
    public const int MaxWaitingPerNode = 8;

    /// <summary>Inside the enrollment's transaction: uses up an approval of this key, else records (or finds) its request.</summary>
    public static ReEnrollment Take(SqliteConnection connection, SqliteTransaction transaction, string nodeId, string keyHash, string source, long now)
    {
        using (var existing = connection.CreateCommand())
        {
            existing.Transaction = transaction;
            existing.CommandText = "SELECT approved_at IS NOT NULL FROM enrollment_requests WHERE node_id = $id AND public_key_sha256 = $k";
            existing.Parameters.AddWithValue("$id", nodeId);
            existing.Parameters.AddWithValue("$k", keyHash);
            if (existing.ExecuteScalar() is { } approved)
            {
                return Convert.ToInt64(approved, System.Globalization.CultureInfo.InvariantCulture) == 1 ? ReEnrollment.Approved : ReEnrollment.StillWaiting;
            }
        }
        using (var count = connection.CreateCommand())
        {
            count.Transaction = transaction;
            count.CommandText = "SELECT COUNT(*) FROM enrollment_requests WHERE node_id = $id";
            count.Parameters.AddWithValue("$id", nodeId);
            if (Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) >= MaxWaitingPerNode)
            {
                return ReEnrollment.TooMany;
            }
        }
        using var record = connection.CreateCommand();
        record.Transaction = transaction;
        record.CommandText = "INSERT INTO enrollment_requests (node_id, public_key_sha256, source, requested_at) VALUES ($id, $k, $src, $now)";
        record.Parameters.AddWithValue("$id", nodeId);
        record.Parameters.AddWithValue("$k", keyHash);
        record.Parameters.AddWithValue("$src", source);
        record.Parameters.AddWithValue("$now", now);
        record.ExecuteNonQuery();
        return ReEnrollment.Recorded;
    }
}
