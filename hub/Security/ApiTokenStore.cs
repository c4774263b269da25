using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using PiController.Hub.State;

namespace PiController.Hub.Security;

internal sealed record ApiPrincipal(string TokenId, string Name, string Role, DateTimeOffset? ExpiresAt = null);

internal sealed record ApiTokenInfo(string Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>
/// API bearer tokens of the form <c>pic_&lt;id&gt;_&lt;secret&gt;</c>. Only the SHA-256 of the secret is stored; a
/// token is checked in constant time. Verified tokens are cached briefly so each request costs no query.
/// </summary>
internal sealed class ApiTokenStore(HubDatabase database, TimeProvider time)
{
    private const string Prefix = "pic_";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (ApiPrincipal Principal, byte[] Hash, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);
    private long _revocations;

    /// <summary>Raised with the token's id after a revocation is stored (<see cref="ApiTokenStreams"/> ends its streams).</summary>
    public event Action<string>? Revoked;

    public string Create(string name, string role, DateTimeOffset? expires)
    {
        if (!ApiRole.IsKnown(role))
        {
            throw new ArgumentException($"unknown role \"{role}\"; use admin, operator or viewer", nameof(role));
        }
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(24));
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO api_tokens (token_id, name, role, secret_hash, created_at, expires_at) VALUES ($id, $name, $role, $hash, $now, $exp)";
        insert.Parameters.AddWithValue("$id", id);
        insert.Parameters.AddWithValue("$name", name);
        insert.Parameters.AddWithValue("$role", role);
        insert.Parameters.AddWithValue("$hash", Hash(secret));
        insert.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$exp", expires is { } e ? e.ToUnixTimeMilliseconds() : DBNull.Value);
        insert.ExecuteNonQuery();
        return $"{Prefix}{id}_{secret}";
    }

    /// <summary>The id part of a token made by <see cref="Create"/> (public; it names the token in lists and logs).</summary>
    public static string IdOf(string token) => token.Split('_')[1];

    /// <summary>Every token, without secrets, oldest first.</summary>
    public IReadOnlyList<ApiTokenInfo> List()
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT token_id, name, role, created_at, expires_at, revoked_at FROM api_tokens ORDER BY created_at, token_id";
        using var reader = query.ExecuteReader();
        var tokens = new List<ApiTokenInfo>();
        while (reader.Read())
        {
            tokens.Add(new ApiTokenInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }
        return tokens;
    }

    /// <summary>Revokes a token; it is refused from the next request on. False if there is no such unrevoked token.</summary>
    public bool Revoke(string id)
    {
        using var connection = database.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE api_tokens SET revoked_at = $now WHERE token_id = $id AND revoked_at IS NULL";
        update.Parameters.AddWithValue("$id", id);
        update.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        var revoked = update.ExecuteNonQuery() > 0;
        Interlocked.Increment(ref _revocations);
        _cache.TryRemove(id, out _);
        if (revoked)
        {
            Revoked?.Invoke(id);
        }
        return revoked;
    }

    /// <summary>Why the token with this id may no longer be used (revoked, expired, gone), or null while it may.</summary>
    public string? Refusal(string id)
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT expires_at, revoked_at FROM api_tokens WHERE token_id = $id";
        query.Parameters.AddWithValue("$id", id);
        using var reader = query.ExecuteReader();
        return !reader.Read() ? "the API token no longer exists"
            : !reader.IsDBNull(1) ? "the API token was revoked"
            : !reader.IsDBNull(0) && reader.GetInt64(0) <= time.GetUtcNow().ToUnixTimeMilliseconds() ? "the API token expired"
            : null;
    }

    public bool HasAdmin()
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT COUNT(*) FROM api_tokens WHERE role = 'admin' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $now)";
        query.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        return Convert.ToInt64(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Returns the token's principal, or null with the reason it is refused.</summary>
    public ApiPrincipal? Verify(string token, out string? refusal)
    {
        refusal = null;
        var sep = token.StartsWith(Prefix, StringComparison.Ordinal) ? token.IndexOf('_', Prefix.Length) : -1;
        if (sep < 0)
        {
            refusal = "the bearer token is not a pi-controller API token (pic_...)";
            return null;
        }
        var id = token[Prefix.Length..sep];
        var hash = Hash(token[(sep + 1)..]);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(id, out var cached) && cached.Until > now)
        {
            if (CryptographicOperations.FixedTimeEquals(cached.Hash, hash))
            {
                return cached.Principal;
            }
            refusal = "the bearer token is wrong";
            return null;
        }

        // A verification that overlaps a revocation is not kept in the cache: it may have read the row before it.
        var revocations = Interlocked.Read(ref _revocations);
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT name, role, secret_hash, expires_at, revoked_at FROM api_tokens WHERE token_id = $id";
        query.Parameters.AddWithValue("$id", id);
        using var reader = query.ExecuteReader();
        if (!reader.Read() || !CryptographicOperations.FixedTimeEquals((byte[])reader["secret_hash"], hash))
        {
            refusal = "the bearer token is wrong";
            return null;
        }
        if (!reader.IsDBNull(4))
        {
            refusal = "the bearer token has been revoked";
            return null;
        }
        DateTimeOffset? expires = reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3));
        if (expires <= now)
        {
            refusal = "the bearer token has expired";
            return null;
        }
        var principal = new ApiPrincipal(id, reader.GetString(0), reader.GetString(1), expires);
        var until = now + CacheFor;
        _cache[id] = (principal, hash, expires is { } e && e < until ? e : until);
        if (Interlocked.Read(ref _revocations) != revocations)
        {
            _cache.TryRemove(id, out _);
        }
        return principal;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
