using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using PiController.Hub.State;

namespace PiController.Hub.Security;

internal sealed record JoinTokenInfo(string Id, string Description, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, int? MaxUses, int Uses, DateTimeOffset? RevokedAt);

/// <summary>
/// Join tokens in SQLite. Only the SHA-256 of the secret is stored. A token stops working at once when it
/// expires, is used up or is revoked; a use is counted in the same transaction that records the enrollment.
/// </summary>
internal sealed class JoinTokenStore(HubDatabase database, CertificateAuthority ca, TimeProvider time)
{
    public JoinToken Create(string description, TimeSpan? ttl, int? maxUses)
    {
        if (ttl is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), "the time to live must be positive");
        }
        if (maxUses is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxUses), "uses must be at least 1");
        }
        var token = JoinToken.Create(ca.Fingerprint);
        var now = time.GetUtcNow();
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO join_tokens (token_id, description, secret_hash, created_at, expires_at, max_uses) VALUES ($id, $d, $h, $now, $exp, $max)";
        insert.Parameters.AddWithValue("$id", token.Id);
        insert.Parameters.AddWithValue("$d", description);
        insert.Parameters.AddWithValue("$h", Hash(token.Secret));
        insert.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$exp", ttl is { } life ? (now + life).ToUnixTimeMilliseconds() : DBNull.Value);
        insert.Parameters.AddWithValue("$max", maxUses is { } m ? m : DBNull.Value);
        insert.ExecuteNonQuery();
        return token;
    }

    public IReadOnlyList<JoinTokenInfo> List()
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT token_id, description, created_at, expires_at, max_uses, uses, revoked_at FROM join_tokens ORDER BY created_at";
        using var reader = query.ExecuteReader();
        var tokens = new List<JoinTokenInfo>();
        while (reader.Read())
        {
            tokens.Add(new JoinTokenInfo(reader.GetString(0), reader.GetString(1), Time(reader, 2)!.Value, Time(reader, 3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetInt32(5), Time(reader, 6)));
        }
        return tokens;
    }

    /// <summary>One token without its secret, or null.</summary>
    public JoinTokenInfo? Find(string id)
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT token_id, description, created_at, expires_at, max_uses, uses, revoked_at FROM join_tokens WHERE token_id = $id";
        query.Parameters.AddWithValue("$id", id);
        using var reader = query.ExecuteReader();
        return reader.Read()
            ? new JoinTokenInfo(reader.GetString(0), reader.GetString(1), Time(reader, 2)!.Value, Time(reader, 3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetInt32(5), Time(reader, 6))
            : null;
    }

    public bool Revoke(string id)
    {
        using var connection = database.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE join_tokens SET revoked_at = $now WHERE token_id = $id AND revoked_at IS NULL";
        update.Parameters.AddWithValue("$id", id);
        update.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        return update.ExecuteNonQuery() > 0;
    }

    /// <summary>
    /// Checks a token without using it up (inside the current transaction, when there is one); throws
    /// <see cref="JoinTokenException"/> with the reason.
    /// </summary>
    public JoinToken Check(string text)
    {
        var token = JoinToken.TryParse(text, out var problem) ?? throw new JoinTokenException(problem!);
        if (token.CaFingerprint != ca.Fingerprint)
        {
            throw new JoinTokenException("the join token was made by another hub (its CA fingerprint differs)");
        }
        var row = database.Query("SELECT secret_hash, expires_at, max_uses, uses, revoked_at FROM join_tokens WHERE token_id = $id",
            r => (Hash: (byte[])r[0], ExpiresAt: r.IsDBNull(1) ? (long?)null : r.GetInt64(1), MaxUses: r.IsDBNull(2) ? (int?)null : r.GetInt32(2),
                Uses: r.GetInt32(3), Revoked: !r.IsDBNull(4)),
            ("$id", token.Id));
        if (row.Count == 0 || !CryptographicOperations.FixedTimeEquals(row[0].Hash, Hash(token.Secret)))
        {
            throw new JoinTokenException("the join token is not known to this hub (wrong secret, or deleted)");
        }
        var found = row[0];
        if (found.Revoked)
        {
            throw new JoinTokenException($"join token {token.Id} has been revoked; create a new one with: pi-controller token create");
        }
        if (found.ExpiresAt is { } expires && expires <= time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            throw new JoinTokenException($"join token {token.Id} has expired; create a new one with: pi-controller token create");
        }
        if (found.MaxUses is { } max && found.Uses >= max)
        {
            throw new JoinTokenException($"join token {token.Id} is used up ({max} uses); create a new one with: pi-controller token create --uses N");
        }
        return token;
    }

    /// <summary>Counts one use, inside the enrollment's transaction; fails if a concurrent enrollment took the last one.</summary>
    public void Consume(JoinToken token)
    {
        if (database.Execute("UPDATE join_tokens SET uses = uses + 1 WHERE token_id = $id AND (max_uses IS NULL OR uses < max_uses)", ("$id", token.Id)) == 0)
        {
            throw new JoinTokenException($"join token {token.Id} is used up");
        }
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static DateTimeOffset? Time(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
}
