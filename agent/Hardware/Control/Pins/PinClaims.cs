namespace PiController.Agent.Hardware.Control.Pins;

/// <summary>
/// The pins this agent holds, and for what. A pin held for one purpose is refused to another until it is
/// released, so a GPIO write never silently reconfigures a PWM pin and the other way round.
/// </summary>
internal sealed class PinClaims
{
    private readonly Dictionary<int, PinClaim> _claims = [];
    private readonly Lock _gate = new();

    public PinClaim? Find(int bcm)
    {
        lock (_gate)
        {
            return _claims.GetValueOrDefault(bcm);
        }
    }

    /// <summary>Claims the pin for <paramref name="owner"/>; refused when another owner holds it.</summary>
    public void Claim(int bcm, PinOwner owner, string description)
    {
        lock (_gate)
        {
            if (_claims.TryGetValue(bcm, out var held) && held.Owner != owner)
            {
                throw Conflict(held);
            }
            _claims[bcm] = new PinClaim(bcm, owner, description);
        }
    }

    /// <summary>Throws when another owner than <paramref name="owner"/> holds the pin.</summary>
    public void EnsureFreeFor(int bcm, PinOwner owner)
    {
        if (Find(bcm) is { } held && held.Owner != owner)
        {
            throw Conflict(held);
        }
    }

    public void Release(int bcm, PinOwner owner)
    {
        lock (_gate)
        {
            if (_claims.TryGetValue(bcm, out var held) && held.Owner == owner)
            {
                _claims.Remove(bcm);
            }
        }
    }

    public bool IsHeld(int bcm) => Find(bcm) is not null;

    private static HardwareException Conflict(PinClaim held) => HardwareException.Conflict(held.Owner switch
    {
        PinOwner.Pwm => $"GPIO{held.Bcm} is claimed by {held.Description}; stop it first (pi-controller pwm stop NODE {held.Bcm})",
        _ => $"GPIO{held.Bcm} is claimed by {held.Description}; release it first (pi-controller gpio release NODE {held.Bcm})",
    });
}
