using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Storage;

/// <summary>
/// The objects of one resource by "namespace/name", its watch history, and its open watches. Guarded by the store's
/// lock. History before <see cref="Horizon"/> is forgotten: a watch from an older version is answered 410 Gone.
/// </summary>
internal sealed class KindTable(long horizon)
{
    /// <summary>Events kept per resource before the oldest are forgotten, as etcd compaction does.</summary>
    public const int HistoryLimit = 10_000;

    public SortedDictionary<string, JsonObject> Objects { get; } = new(StringComparer.Ordinal);

    public List<StoredEvent> History { get; } = [];

    public List<WatchSubscription> Watchers { get; } = [];

    public long Horizon { get; set; } = horizon;

    public static string KeyOf(string? ns, string name) => (ns ?? "") + "/" + name;

    public void Record(StoredEvent change)
    {
        History.Add(change);
        if (History.Count > HistoryLimit)
        {
            var forget = HistoryLimit / 10;
            Horizon = History[forget - 1].Version;
            History.RemoveRange(0, forget);
        }
        foreach (var watcher in Watchers)
        {
            watcher.Offer(change);
        }
    }

    public void Compact(long version)
    {
        History.Clear();
        Horizon = version;
    }
}
