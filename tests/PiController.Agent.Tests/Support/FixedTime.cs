namespace PiController.Agent.Tests.Support;

/// <summary>A clock that stands still at the given instant (a double for <see cref="TimeProvider"/>).</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
