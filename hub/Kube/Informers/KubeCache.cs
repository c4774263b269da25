using System.Collections.Concurrent;

namespace PiController.Hub.Kube.Informers;

/// <summary>
/// An informer's cache of one kind: written by its informer alone, read by any part at any time. A relist replaces
/// it whole and says which keys differ, so objects deleted or changed while no watch was open are not missed.
/// </summary>
internal sealed class KubeCache : IKubeCache
{
    private readonly ConcurrentDictionary<string, KubeObject> _objects = new(StringComparer.Ordinal);
    private volatile bool _synced;

    public bool Synced => _synced;

    public int Count => _objects.Count;

    public KubeObject? Get(string key) => _objects.GetValueOrDefault(key);

    public IReadOnlyList<KubeObject> List() => [.. _objects.Values.OrderBy(o => o.Key, StringComparer.Ordinal)];

    public void Put(KubeObject item) => _objects[item.Key] = item;

    public void Remove(string key) => _objects.TryRemove(key, out _);

    /// <summary>Replaces the cache with a full list and marks it synced; the keys added, changed (another resourceVersion) or gone.</summary>
    public IReadOnlyList<string> Replace(IReadOnlyList<KubeObject> listed)
    {
        var differ = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in listed)
        {
            seen.Add(item.Key);
            if (!_objects.TryGetValue(item.Key, out var old) || old.ResourceVersion != item.ResourceVersion || old.Uid != item.Uid)
            {
                differ.Add(item.Key);
            }
            _objects[item.Key] = item;
        }
        foreach (var gone in _objects.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _objects.TryRemove(gone, out _);
            differ.Add(gone);
        }
        _synced = true;
        return differ;
    }
}
