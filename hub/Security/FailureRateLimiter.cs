using System.Net;

namespace PiController.Hub.Security;

/// <summary>
/// Counts failed authentications (a presented API token that was refused) and failed enrollments per source
/// address, in fixed windows that start at an address's first failure. Once an address has
/// <see cref="FailureRateLimitOptions.MaxFailures"/> failures in its window it is refused, without its
/// credentials being checked, until the window ends. In memory and bounded; time from the injected
/// <see cref="TimeProvider"/>. IPv4-mapped IPv6 addresses count as their IPv4 address.
/// </summary>
internal sealed class FailureRateLimiter(TimeProvider time, FailureRateLimitOptions options)
{
    private readonly Dictionary<IPAddress, Window> _windows = [];
    private readonly Lock _gate = new();

    /// <summary>True if <paramref name="address"/> must be refused now; <paramref name="retryAfter"/> says for how long.</summary>
    public bool IsBlocked(IPAddress address, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_windows.TryGetValue(Normalize(address), out var window) && window.Ends > now && window.Failures >= options.MaxFailures)
            {
                retryAfter = window.Ends - now;
                return true;
            }
        }
        retryAfter = TimeSpan.Zero;
        return false;
    }

    /// <summary>Counts one failure of <paramref name="address"/>; returns true if that failure blocks it.</summary>
    public bool RecordFailure(IPAddress address)
    {
        var key = Normalize(address);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_windows.TryGetValue(key, out var window) || window.Ends <= now)
            {
                if (_windows.Count >= options.MaxTrackedAddresses)
                {
                    Evict(now);
                }
                window = new Window(now + options.Window, 0);
            }
            window = window with { Failures = window.Failures + 1 };
            _windows[key] = window;
            return window.Failures == options.MaxFailures;
        }
    }

    /// <summary>How many addresses are tracked (for tests and diagnostics).</summary>
    public int TrackedAddresses
    {
        get
        {
            lock (_gate)
            {
                return _windows.Count;
            }
        }
    }

    private void Evict(DateTimeOffset now)
    {
        foreach (var (address, window) in _windows)
        {
            if (window.Ends <= now)
            {
                _windows.Remove(address);
            }
        }
        if (_windows.Count >= options.MaxTrackedAddresses)
        {
            // Still full of live windows: drop the older half rather than grow without bound.
            foreach (var address in _windows.OrderBy(w => w.Value.Ends).Take(_windows.Count / 2 + 1).Select(w => w.Key).ToList())
            {
                _windows.Remove(address);
            }
        }
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private readonly record struct Window(DateTimeOffset Ends, int Failures);
}
