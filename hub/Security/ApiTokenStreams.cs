using System.Globalization;
using System.Security.Claims;

namespace PiController.Hub.Security;

/// <summary>
/// Ends the long-lived streams an API token opened (the event WebSocket, gRPC <c>Events.Watch</c>) when that token
/// is revoked or expires: authentication looks at a request once, and a stream may stay open for days. Expiry
/// runs on the injected <see cref="TimeProvider"/>. A revocation that lands between a stream's authentication and
/// its <see cref="Open"/> is caught by reading the token's row after registering.
/// </summary>
internal sealed class ApiTokenStreams
{
    private const string Reconnect = "; connect again with a valid token";
    private readonly ApiTokenStore _tokens;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, HashSet<ApiTokenLease>> _open = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ApiTokenStreams(ApiTokenStore tokens, TimeProvider time)
    {
        _tokens = tokens;
        _time = time;
        tokens.Revoked += OnRevoked;
    }

    /// <summary>How many streams are open per token, for tests and diagnostics.</summary>
    public int OpenCount
    {
        get
        {
            lock (_gate)
            {
                return _open.Values.Sum(set => set.Count);
            }
        }
    }

    /// <summary>
    /// A lease for one stream of <paramref name="user"/>: its <see cref="ApiTokenLease.Ended"/> is cancelled when
    /// the token is revoked or expires. A caller that is not an API token holder gets a lease that never ends.
    /// </summary>
    public ApiTokenLease Open(ClaimsPrincipal user)
    {
        var tokenId = user.Identity is { IsAuthenticated: true, AuthenticationType: BearerAuthenticationHandler.SchemeName }
            ? user.FindFirstValue(ClaimTypes.NameIdentifier)
            : null;
        var lease = new ApiTokenLease(this, tokenId);
        if (tokenId is null)
        {
            return lease;
        }
        lock (_gate)
        {
            if (!_open.TryGetValue(tokenId, out var leases))
            {
                _open[tokenId] = leases = [];
            }
            leases.Add(lease);
        }
        if (user.FindFirstValue(BearerAuthenticationHandler.ExpiresClaim) is { } text
            && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var expiresMs))
        {
            lease.EndAt(_time, DateTimeOffset.FromUnixTimeMilliseconds(expiresMs), "the API token expired" + Reconnect);
        }
        if (_tokens.Refusal(tokenId) is { } refusal)
        {
            lease.End(refusal + Reconnect);
        }
        return lease;
    }

    internal void Close(ApiTokenLease lease)
    {
        if (lease.TokenId is not { } id)
        {
            return;
        }
        lock (_gate)
        {
            if (_open.TryGetValue(id, out var leases) && leases.Remove(lease) && leases.Count == 0)
            {
                _open.Remove(id);
            }
        }
    }

    private void OnRevoked(string tokenId)
    {
        List<ApiTokenLease> ending;
        lock (_gate)
        {
            ending = _open.TryGetValue(tokenId, out var leases) ? [.. leases] : [];
        }
        foreach (var lease in ending)
        {
            lease.End("the API token was revoked" + Reconnect);
        }
    }
}
