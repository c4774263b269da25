using PiController.Hub.State;

namespace PiController.Hub.Security;

/// <summary>What became of a re-enrollment: the key was approved, or it waits (newly, still), or it was refused.</summary>
internal enum ReEnrollment
{
    Approved,
    Recorded,
    StillWaiting,
    TooMany,
}

/// <summary>One waiting (or approved, not yet used) re-enrollment: a node id and the key it asks to be certified.</summary>
internal sealed record EnrollmentRequest(string NodeId, string PublicKeySha256, string Source, DateTimeOffset RequestedAt, bool Approved);

/// <summary>The body of <c>POST /api/v1/nodes/{id}/approve</c>: the key of the waiting request, as <c>nodes pending</c> shows it.</summary>
internal sealed record ApproveEnrollmentRequest(string? PublicKeySha256);

/// <summary>
/// The waiting re-enrollments (table enrollment_requests, written only here), one row per node and key. A key is
/// approved only by naming it; a request is never changed by another one (a different key is a request of its own,
/// up to <see cref="MaxWaitingPerNode"/>). Each method runs inside the current <see cref="HubTransaction"/> when there is one.
/// </summary>
internal sealed class EnrollmentRequestStore(HubDatabase database, TimeProvider time)
{
    /// <summary>Enough for a re-key, a replaced board and a stray clone at once; more is someone trying keys.</summary>
    public const int MaxWaitingPerNode = 8;

    /// <summary>Inside the enrollment's transaction: uses up an approval of this key, else records (or finds) its request.</summary>
    public ReEnrollment Take(string nodeId, string keyHash, string source)
    {
        if (database.Scalar("SELECT approved_at IS NOT NULL FROM enrollment_requests WHERE node_id = $id AND public_key_sha256 = $k",
                ("$id", nodeId), ("$k", keyHash)) is { } approved)
        {
            return Convert.ToInt64(approved, System.Globalization.CultureInfo.InvariantCulture) == 1 ? ReEnrollment.Approved : ReEnrollment.StillWaiting;
        }
        if (database.Long("SELECT COUNT(*) FROM enrollment_requests WHERE node_id = $id", ("$id", nodeId)) >= MaxWaitingPerNode)
        {
            return ReEnrollment.TooMany;
        }
        database.Execute("INSERT INTO enrollment_requests (node_id, public_key_sha256, source, requested_at) VALUES ($id, $k, $src, $now)",
            ("$id", nodeId), ("$k", keyHash), ("$src", source), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));
        return ReEnrollment.Recorded;
    }

    /// <summary>Drops every request of the node (it enrolled, or was removed); returns how many.</summary>
    public int Forget(string nodeId) => database.Execute("DELETE FROM enrollment_requests WHERE node_id = $id", ("$id", nodeId));

    public IReadOnlyList<EnrollmentRequest> Pending() =>
        database.Query("SELECT node_id, public_key_sha256, source, requested_at, approved_at IS NOT NULL FROM enrollment_requests ORDER BY requested_at, node_id",
            r => new EnrollmentRequest(r.GetString(0), r.GetString(1), r.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)), r.GetBoolean(4)));

    /// <summary>
    /// Approves the waiting request of <paramref name="nodeId"/> whose key hash starts with <paramref name="keyPrefix"/>
    /// (at least <see cref="EnrollmentKeys.MinPrefixLength"/> hex digits); that key gets its certificate on the agent's
    /// next try, and no other key does.
    /// </summary>
    public ApprovalResult Approve(string nodeId, string keyPrefix)
    {
        var prefix = keyPrefix.Trim().ToLowerInvariant();
        using var transaction = database.Begin();
        var waiting = database.Query("SELECT public_key_sha256, approved_at IS NOT NULL FROM enrollment_requests WHERE node_id = $id ORDER BY requested_at",
            r => (Key: r.GetString(0), Approved: r.GetBoolean(1)), ("$id", nodeId));
        var keys = waiting.Select(w => w.Key).ToList();
        var matches = waiting.Where(w => w.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (waiting.Count == 0 || matches.Count != 1)
        {
            return new ApprovalResult(waiting.Count == 0 ? ApprovalOutcome.NothingWaiting : matches.Count == 0 ? ApprovalOutcome.NoSuchKey : ApprovalOutcome.Ambiguous, null, keys);
        }
        var match = matches[0];
        if (match.Approved)
        {
            return new ApprovalResult(ApprovalOutcome.AlreadyApproved, match.Key, keys);
        }
        database.Execute("UPDATE enrollment_requests SET approved_at = $now WHERE node_id = $id AND public_key_sha256 = $k",
            ("$id", nodeId), ("$k", match.Key), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));
        transaction.Commit();
        return new ApprovalResult(ApprovalOutcome.Approved, match.Key, keys);
    }
}
