namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// Bounds how often input edges and sensor readings bring a custom resource's status up to date: at most once per
/// <see cref="Interval"/> per object. An edge inside the interval is not lost: one reconcile is scheduled for the
/// interval's end, and it writes the newest edge or reading then.
/// </summary>
internal sealed class LiveStatusThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset Last, ITimer? Pending)> _objects = new(StringComparer.Ordinal);

    public TimeSpan Interval => interval;

    /// <summary>Runs <paramref name="enqueue"/> now, or once at the end of the object's interval when it ran less than an interval ago.</summary>
    public void Offer(string key, Action enqueue)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_objects.TryGetValue(key, out var entry) || now - entry.Last >= interval)
            {
                _objects[key] = (now, null);
            }
            else
            {
                if (entry.Pending is null)
                {
                    var due = entry.Last + interval;
                    _objects[key] = (due, time.CreateTimer(_ => Fire(key, enqueue), null, due - now, Timeout.InfiniteTimeSpan));
                }
                return;
            }
        }
        enqueue();
    }

    private void Fire(string key, Action enqueue)
    {
        lock (_gate)
        {
            if (_objects.TryGetValue(key, out var entry))
            {
                entry.Pending?.Dispose();
                _objects[key] = (entry.Last, null);
            }
        }
        enqueue();
    }
}
