namespace PiController.Hub.Security;

/// <summary>POST /api/v1/tokens. No time to live: the token does not expire; no uses: unlimited.</summary>
internal sealed record JoinTokenCreateRequest(string? Description, long? TtlSeconds, int? Uses);

/// <summary>The answer to a create: the only time the token's secret is shown.</summary>
internal sealed record JoinTokenCreated(string Id, string Token, string Description, DateTimeOffset? ExpiresAt, int? MaxUses);

/// <summary>A join token in a list: no secret. Status is active, expired, used up or revoked.</summary>
internal sealed record JoinTokenView(
    string Id, string Description, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, int? MaxUses, int Uses, DateTimeOffset? RevokedAt, string Status)
{
    public static JoinTokenView From(JoinTokenInfo t, DateTimeOffset now) => new(t.Id, t.Description, t.CreatedAt, t.ExpiresAt, t.MaxUses, t.Uses, t.RevokedAt,
        t.RevokedAt is not null ? "revoked"
        : t.ExpiresAt <= now ? "expired"
        : t.MaxUses is { } max && t.Uses >= max ? "used up"
        : "active");
}
