using PiController.Hub.Api;

namespace PiController.Hub.Adoption;

/// <summary>
/// The adoptions of this hub process, by name: one at a time per name. Kept in memory only: an adoption is bounded
/// (minutes) and idempotent, so after a hub restart it is simply run again.
/// </summary>
internal sealed class AdoptionRuns
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AdoptionView> _runs = new(StringComparer.Ordinal);

    /// <summary>Reserves <paramref name="checking"/>'s name for it; throws when an adoption of that name is running already.</summary>
    public void Reserve(AdoptionView checking)
    {
        var name = checking.Name;
        lock (_gate)
        {
            if (_runs.TryGetValue(name, out var running) && running.Running)
            {
                throw new HubException(HubErrorKind.Conflict, $"{name} is being adopted already (step: {running.Step}); wait for it to end (pi-controller events shows its steps)");
            }
            _runs[name] = checking;
        }
    }

    public void Set(AdoptionView view)
    {
        lock (_gate)
        {
            _runs[view.Name] = view;
        }
    }

    /// <summary>Releases a reservation that never started (the checks before any change refused).</summary>
    public void Forget(string name)
    {
        lock (_gate)
        {
            _runs.Remove(name);
        }
    }

    public AdoptionView Get(string name)
    {
        lock (_gate)
        {
            return _runs.GetValueOrDefault(name) ?? throw new HubException(HubErrorKind.NotFound,
                $"no adoption of {name} since the hub started; adopt a Pi: pi-controller adopt HOST --user pi");
        }
    }
}
