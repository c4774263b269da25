using Microsoft.Extensions.Time.Testing;

namespace PiController.Hub.Tests.Agents;

/// <summary>
/// Fake time that runs an action the next time the clock is read: the way to land another thread's work in
/// the gap between two steps of the code under test, without sleeping or hoping for a lucky schedule.
/// </summary>
internal sealed class InterruptingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private Action? _onNextRead;

    public void OnNextRead(Action action) => _onNextRead = action;

    public override DateTimeOffset GetUtcNow()
    {
        var action = Interlocked.Exchange(ref _onNextRead, null);
        action?.Invoke();
        return base.GetUtcNow();
    }
}
