namespace PiController.KubeApiDouble.Resources;

/// <summary>
/// The resources served now: the built-in ones and one per established CRD. Replaced whole when a CRD comes or
/// goes, so readers never lock.
/// </summary>
internal sealed class KindRegistry
{
    private volatile IReadOnlyList<ResourceKind> custom = [];

    public IEnumerable<ResourceKind> All => BuiltInKinds.All.Concat(custom);

    public IReadOnlyList<ResourceKind> Custom => custom;

    /// <summary>The kind served at GROUP/VERSION/PLURAL, or null.</summary>
    public ResourceKind? Find(string group, string version, string plural) =>
        All.FirstOrDefault(k => k.Group == group && k.Plural == plural && k.Serves(version));

    /// <summary>The kind an object names by apiVersion and kind, or null.</summary>
    public ResourceKind? FindByKind(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        var version = apiVersion[(slash + 1)..];
        return All.FirstOrDefault(k => k.Group == group && k.Kind == kind && k.Serves(version));
    }

    public ResourceKind? FindByKey(string key) => All.FirstOrDefault(k => k.Key == key);

    /// <summary>The groups (other than core) with their versions, built-in groups first.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups()
    {
        var groups = new List<(string, IReadOnlyList<string>)>();
        foreach (var group in BuiltInKinds.Groups.Concat(custom.Select(k => k.Group)).Distinct())
        {
            var versions = All.Where(k => k.Group == group).SelectMany(k => k.Versions).Distinct().ToList();
            groups.Add((group, versions));
        }
        return groups;
    }

    /// <summary>Serves <paramref name="kind"/> in place of any earlier kind of the same key.</summary>
    public void Serve(ResourceKind kind) => custom = [.. custom.Where(k => k.Key != kind.Key), kind];

    public void Withdraw(string key) => custom = [.. custom.Where(k => k.Key != key)];
}
