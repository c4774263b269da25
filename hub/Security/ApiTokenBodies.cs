namespace PiController.Hub.Security;

/// <summary>POST /api/v1/api-tokens. No time to live: the token does not expire.</summary>
internal sealed record ApiTokenCreateRequest(string? Name, string? Role, long? TtlSeconds);

/// <summary>The answer to a create: the only time the token's secret is shown.</summary>
internal sealed record ApiTokenCreated(string Id, string Token, string Name, string Role, DateTimeOffset? ExpiresAt);

/// <summary>An API token in a list: no secret. Status is active, expired or revoked.</summary>
internal sealed record ApiTokenView(string Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string Status)
{
    public static ApiTokenView From(ApiTokenInfo t, DateTimeOffset now) => new(t.Id, t.Name, t.Role, t.CreatedAt, t.ExpiresAt, t.RevokedAt,
        t.RevokedAt is not null ? "revoked" : t.ExpiresAt <= now ? "expired" : "active");
}
