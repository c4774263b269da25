namespace PiController.Hub.Security;

/// <summary>
/// One open stream's hold on its API token (<see cref="ApiTokenStreams.Open"/>). <see cref="Ended"/> is cancelled,
/// once, when the token is revoked or expires; <see cref="Reason"/> then says which, for the client. Dispose when
/// the stream ends.
/// </summary>
internal sealed class ApiTokenLease : IDisposable
{
    private readonly ApiTokenStreams _owner;
    private readonly CancellationTokenSource _ended = new();
    private ITimer? _expiry;
    private string? _reason;

    internal ApiTokenLease(ApiTokenStreams owner, string? tokenId)
    {
        _owner = owner;
        TokenId = tokenId;
    }

    public string? TokenId { get; }

    public CancellationToken Ended => _ended.Token;

    /// <summary>Why the stream must end (with what to do next), or null while the token is good.</summary>
    public string? Reason => Volatile.Read(ref _reason);

    internal void EndAt(TimeProvider time, DateTimeOffset when, string reason)
    {
        var due = when - time.GetUtcNow();
        if (due <= TimeSpan.Zero)
        {
            End(reason);
            return;
        }
        _expiry = time.CreateTimer(_ => End(reason), null, due, Timeout.InfiniteTimeSpan);
    }

    internal void End(string reason)
    {
        if (Interlocked.CompareExchange(ref _reason, reason, null) is not null)
        {
            return;
        }
        try
        {
            _ended.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream ended on its own meanwhile.
        }
    }

    public void Dispose()
    {
        _owner.Close(this);
        _expiry?.Dispose();
        _ended.Dispose();
    }
}
