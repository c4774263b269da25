using PiController.Protocol.Link;

namespace PiController.Agent.Link;

/// <summary>
/// Remembers the results of recent commands by id, so a command the hub re-sends after a reconnect is answered
/// from this record instead of being executed twice. Bounded: the oldest entries are forgotten first.
/// </summary>
internal sealed class CommandJournal(int capacity = 4096)
{
    private readonly Dictionary<string, CommandResult?> _entries = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    /// <summary>
    /// Returns true when the id is new and the caller should execute it. Otherwise <paramref name="recorded"/>
    /// is the earlier result, or null while that execution is still running.
    /// </summary>
    public bool TryBegin(string id, out CommandResult? recorded)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(id, out recorded))
            {
                return false;
            }
            _entries[id] = null;
            _order.Enqueue(id);
            while (_order.Count > capacity)
            {
                _entries.Remove(_order.Dequeue());
            }
            return true;
        }
    }

    public void Complete(CommandResult result)
    {
        lock (_gate)
        {
            if (_entries.ContainsKey(result.Id))
            {
                _entries[result.Id] = result;
            }
        }
    }
}
