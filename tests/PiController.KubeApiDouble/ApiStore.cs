using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Resources;
using PiController.KubeApiDouble.Storage;

namespace PiController.KubeApiDouble;

/// <summary>
/// The objects of the Kubernetes API test double, as etcd and the API server's registry keep them: every object as
/// JSON, one resourceVersion counter for all, a watch history per resource, uid, creationTimestamp, generation and
/// finalizers handled as the API conventions say. Every change happens under one lock, and open watches receive
/// changes in resourceVersion order. With a <c>persistPath</c>, the objects are saved there shortly after each
/// change and loaded at start. The public methods are the storage itself (no schema validation, no strategy rules):
/// for seeding objects in a test; HTTP clients go through <see cref="ApiRoutes"/>.
/// </summary>
public sealed partial class ApiStore : IDisposable
{
    private static readonly string[] InitialNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly Lock gate = new();
    private readonly Dictionary<string, KindTable> tables = [];
    private readonly string? persistPath;
    private readonly Timer? saver;
    private long version;
    private long horizon;
    private CancellationTokenSource dropping = new();

    /// <param name="persistPath">a JSON file to keep the objects in across restarts, or null to keep them in memory only.</param>
    public ApiStore(string? persistPath = null)
    {
        this.persistPath = persistPath;
        if (persistPath is not null && File.Exists(persistPath))
        {
            Load(persistPath);
        }
        foreach (var name in InitialNamespaces)
        {
            if (Get("v1", "Namespace", null, name) is null)
            {
                Create(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } });
            }
        }
        if (persistPath is not null)
        {
            saver = new Timer(_ => SaveQuietly());
            Flush();
        }
    }

    internal KindRegistry Kinds { get; } = new();

    internal TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How often a watch that allows bookmarks gets one when nothing else happens.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The newest resourceVersion given out.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (gate)
            {
                return version;
            }
        }
    }

    /// <summary>Watches open now, over all resources.</summary>
    public int OpenWatches
    {
        get
        {
            lock (gate)
            {
                return tables.Values.Sum(t => t.Watchers.Count);
            }
        }
    }

    /// <summary>Cancelled by <see cref="DropWatches"/>: every watch response ends when it is.</summary>
    internal CancellationToken Dropping
    {
        get
        {
            lock (gate)
            {
                return dropping.Token;
            }
        }
    }

    /// <summary>Forgets the watch history of every resource: a watch from any version older than now is answered 410 Gone.</summary>
    public void Compact()
    {
        lock (gate)
        {
            horizon = version;
            foreach (var table in tables.Values)
            {
                table.Compact(version);
            }
        }
    }

    /// <summary>Ends every open watch response now, as an API server restart or a dropped connection does.</summary>
    public void DropWatches()
    {
        CancellationTokenSource old;
        lock (gate)
        {
            old = dropping;
            dropping = new CancellationTokenSource();
        }
        old.Cancel();
        old.Dispose();
    }

    /// <summary>Writes the objects to the persist file now (they are written shortly after each change anyway).</summary>
    public void Flush()
    {
        if (persistPath is null)
        {
            return;
        }
        lock (gate)
        {
            StoreFile.Save(persistPath, version, tables);
        }
    }

    /// <summary>Why the last save to the persist file failed (a missing directory, a full disk), or null when it did not.</summary>
    public string? PersistError { get; private set; }

    /// <summary>Stops the delayed save after writing the objects one last time.</summary>
    public void Dispose()
    {
        saver?.Dispose();
        if (persistPath is not null && Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(persistPath))))
        {
            SaveQuietly();
        }
    }

    /// <summary>The delayed save runs on a timer thread: a failure is kept in <see cref="PersistError"/> rather than thrown there.</summary>
    private void SaveQuietly()
    {
        try
        {
            Flush();
            PersistError = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            PersistError = $"cannot write {persistPath}: {e.Message}";
        }
    }

    /// <summary>Stores a new object; its apiVersion and kind name the resource.</summary>
    /// <param name="obj">the object; metadata.namespace names its namespace for a namespaced kind.</param>
    public JsonObject Create(JsonObject obj) => Create(KindOf(obj), obj, dryRun: false);

    /// <summary>Replaces an object (409 Conflict when its metadata.resourceVersion is set and stale).</summary>
    /// <param name="obj">the whole new object.</param>
    public JsonObject Update(JsonObject obj) => Replace(KindOf(obj), obj, dryRun: false);

    /// <summary>The object, or null when there is none.</summary>
    /// <param name="apiVersion">e.g. v1 or policy/v1.</param>
    /// <param name="kind">e.g. Pod.</param>
    /// <param name="ns">its namespace, null for a cluster-scoped kind.</param>
    /// <param name="name">its name.</param>
    public JsonObject? Get(string apiVersion, string kind, string? ns, string name)
    {
        var resource = Kinds.FindByKind(apiVersion, kind) ?? throw Unknown(apiVersion, kind);
        lock (gate)
        {
            return Table(resource).Objects.GetValueOrDefault(KindTable.KeyOf(resource.Namespaced ? ns : null, name))?.DeepClone().AsObject();
        }
    }

    /// <summary>The objects of a kind, in one namespace or all (<paramref name="ns"/> null).</summary>
    /// <param name="apiVersion">e.g. v1.</param>
    /// <param name="kind">e.g. Node.</param>
    /// <param name="ns">a namespace, or null for all.</param>
    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns = null) =>
        ReadAll(Kinds.FindByKind(apiVersion, kind) ?? throw Unknown(apiVersion, kind), ns).Items;

    /// <summary>Deletes an object (or marks it deleted while finalizers remain); the object as it ends up.</summary>
    /// <param name="apiVersion">e.g. v1.</param>
    /// <param name="kind">e.g. Pod.</param>
    /// <param name="ns">its namespace, null for a cluster-scoped kind.</param>
    /// <param name="name">its name.</param>
    public JsonObject Delete(string apiVersion, string kind, string? ns, string name) =>
        Remove(Kinds.FindByKind(apiVersion, kind) ?? throw Unknown(apiVersion, kind), ns, name, dryRun: false, null, null);

    private ResourceKind KindOf(JsonObject obj) =>
        Kinds.FindByKind(obj["apiVersion"]?.ToString() ?? "", obj["kind"]?.ToString() ?? "")
        ?? throw Unknown(obj["apiVersion"]?.ToString() ?? "", obj["kind"]?.ToString() ?? "");

    private static ApiStatusException Unknown(string apiVersion, string kind) =>
        ApiStatusException.BadRequest($"no kind \"{kind}\" is registered for version \"{apiVersion}\"; create its CustomResourceDefinition first");

    private KindTable Table(ResourceKind kind)
    {
        if (!tables.TryGetValue(kind.Key, out var table))
        {
            table = new KindTable(horizon);
            tables[kind.Key] = table;
        }
        return table;
    }

    private void Changed() => saver?.Change(TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan);

    private void Load(string path)
    {
        var (loadedVersion, objects) = StoreFile.Load(path);
        version = loadedVersion;
        horizon = loadedVersion;
        // CRDs first, so their resources are served before their objects are put back.
        foreach (var (key, items) in objects.OrderBy(o => o.Key == BuiltInKinds.CustomResourceDefinitions.Key ? 0 : 1))
        {
            var table = new KindTable(version);
            tables[key] = table;
            foreach (var obj in items)
            {
                table.Objects[KindTable.KeyOf(Meta.Namespace(obj), Meta.Name(obj))] = obj;
                if (key == BuiltInKinds.CustomResourceDefinitions.Key)
                {
                    Kinds.Serve(CrdReader.Read(obj));
                }
            }
        }
    }
}
