using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Resources;
using PiController.KubeApiDouble.Storage;

namespace PiController.KubeApiDouble;

/// <summary>Create, replace and delete as the registry does them: metadata the server owns, preconditions, finalizers, events.</summary>
public sealed partial class ApiStore
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    internal JsonObject Create(ResourceKind kind, JsonObject given, bool dryRun)
    {
        var obj = given.DeepClone().AsObject();
        var meta = Meta.Of(obj);
        if (string.IsNullOrEmpty(Meta.Name(obj)))
        {
            if (Meta.Text(obj, "generateName") is not { Length: > 0 } prefix)
            {
                throw ApiStatusException.Invalid(kind.Kind, kind.Group, "", [("metadata.name", "FieldValueRequired", "Required value: name or generateName is required")]);
            }
            meta["name"] = prefix + new string(Enumerable.Range(0, 5).Select(_ => NameAlphabet[Random.Shared.Next(NameAlphabet.Length)]).ToArray());
        }
        var name = Meta.Name(obj);
        var ns = kind.Namespaced ? Meta.Namespace(obj) : null;
        if (!kind.Namespaced)
        {
            meta.Remove("namespace");
        }
        else if (string.IsNullOrEmpty(ns))
        {
            throw ApiStatusException.BadRequest($"the {kind.Kind} \"{name}\" is namespaced: give it a namespace");
        }
        var now = Meta.Timestamp(Time.GetUtcNow());
        lock (gate)
        {
            if (ns is not null && !Table(BuiltInKinds.Namespaces).Objects.ContainsKey(KindTable.KeyOf(null, ns)))
            {
                throw ApiStatusException.NotFound("namespaces", "", ns);
            }
            var table = Table(kind);
            if (table.Objects.ContainsKey(KindTable.KeyOf(ns, name)))
            {
                throw ApiStatusException.AlreadyExists(kind.Plural, kind.Group, name);
            }
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = now;
            meta["generation"] = 1;
            meta.Remove("deletionTimestamp");
            meta.Remove("deletionGracePeriodSeconds");
            Admission.OnCreate(kind, obj);
            if (dryRun)
            {
                meta["resourceVersion"] = (version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return obj;
            }
            Commit(kind, table, KindTable.KeyOf(ns, name), obj, "ADDED", null);
            return obj.DeepClone().AsObject();
        }
    }

    internal JsonObject Replace(ResourceKind kind, JsonObject given, bool dryRun)
    {
        var obj = given.DeepClone().AsObject();
        var name = Meta.Name(obj);
        var ns = kind.Namespaced ? Meta.Namespace(obj) : null;
        lock (gate)
        {
            var table = Table(kind);
            var key = KindTable.KeyOf(ns, name);
            if (!table.Objects.TryGetValue(key, out var old))
            {
                throw ApiStatusException.NotFound(kind.Plural, kind.Group, name);
            }
            var expected = Meta.Text(obj, "resourceVersion");
            if (!string.IsNullOrEmpty(expected) && expected != Meta.Text(old, "resourceVersion"))
            {
                throw ApiStatusException.Conflict(kind.Plural, kind.Group, name, "the object has been modified; please apply your changes to the latest version and try again");
            }
            var meta = Meta.Of(obj);
            foreach (var owned in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "resourceVersion" })
            {
                meta.Remove(owned);
                if (old["metadata"]![owned] is { } value)
                {
                    meta[owned] = value.DeepClone();
                }
            }
            if (!JsonNode.DeepEquals(Meta.Content(old, kind.HasStatus), Meta.Content(obj, kind.HasStatus)))
            {
                meta["generation"] = (JsonValues.Long(old["metadata"]!["generation"]) ?? 0) + 1;
            }
            if (JsonNode.DeepEquals(old, obj))
            {
                return old.DeepClone().AsObject();
            }
            if (dryRun)
            {
                return obj;
            }
            if (meta["deletionTimestamp"] is not null && !Meta.Finalizers(obj).Any())
            {
                Erase(kind, table, key, obj);
                return obj.DeepClone().AsObject();
            }
            Commit(kind, table, key, obj, "MODIFIED", old);
            return obj.DeepClone().AsObject();
        }
    }

    internal JsonObject Remove(ResourceKind kind, string? ns, string name, bool dryRun, string? uid, string? resourceVersion)
    {
        ns = kind.Namespaced ? ns : null;
        lock (gate)
        {
            var table = Table(kind);
            var key = KindTable.KeyOf(ns, name);
            if (!table.Objects.TryGetValue(key, out var old))
            {
                throw ApiStatusException.NotFound(kind.Plural, kind.Group, name);
            }
            if ((uid is not null && uid != Meta.Text(old, "uid")) || (resourceVersion is not null && resourceVersion != Meta.Text(old, "resourceVersion")))
            {
                throw ApiStatusException.Conflict(kind.Plural, kind.Group, name, "the precondition (uid or resourceVersion) does not match the object; read it again");
            }
            var obj = old.DeepClone().AsObject();
            if (dryRun)
            {
                return obj;
            }
            if (Meta.Finalizers(obj).Any())
            {
                if (old["metadata"]!["deletionTimestamp"] is not null)
                {
                    return obj;
                }
                Meta.Of(obj)["deletionTimestamp"] = Meta.Timestamp(Time.GetUtcNow());
                Meta.Of(obj)["deletionGracePeriodSeconds"] = 0;
                Commit(kind, table, key, obj, "MODIFIED", old);
                return obj.DeepClone().AsObject();
            }
            Erase(kind, table, key, obj);
            return obj.DeepClone().AsObject();
        }
    }

    /// <summary>Runs <paramref name="action"/> under the store's lock, so what it reads stays true until it writes.</summary>
    internal T Atomically<T>(Func<T> action)
    {
        lock (gate)
        {
            return action();
        }
    }

    internal JsonObject Read(ResourceKind kind, string? ns, string name)
    {
        lock (gate)
        {
            return Table(kind).Objects.GetValueOrDefault(KindTable.KeyOf(kind.Namespaced ? ns : null, name))?.DeepClone().AsObject()
                ?? throw ApiStatusException.NotFound(kind.Plural, kind.Group, name);
        }
    }

    internal (List<JsonObject> Items, long Version) ReadAll(ResourceKind kind, string? ns)
    {
        lock (gate)
        {
            var items = Table(kind).Objects.Values.Where(o => ns is null || Meta.Namespace(o) == ns).Select(o => o.DeepClone().AsObject()).ToList();
            return (items, version);
        }
    }

    /// <summary>Opens a watch: from <paramref name="from"/> (history after it), or (null) from now with ADDED for every object first.</summary>
    /// <exception cref="ApiStatusException">410 Expired: history after <paramref name="from"/> is forgotten.</exception>
    internal WatchSubscription Watch(ResourceKind kind, long? from, out List<StoredEvent> backlog, out long now)
    {
        lock (gate)
        {
            var table = Table(kind);
            now = version;
            if (from is null)
            {
                backlog = table.Objects.Values.Select(o => new StoredEvent(Meta.Version(o), "ADDED", o, null)).ToList();
            }
            else if (from < table.Horizon)
            {
                throw new ApiStatusException(410, "Expired", $"too old resource version: {from} ({table.Horizon + 1})");
            }
            else
            {
                backlog = table.History.Where(e => e.Version > from).ToList();
            }
            var subscription = new WatchSubscription(s =>
            {
                lock (gate)
                {
                    table.Watchers.Remove(s);
                }
            });
            table.Watchers.Add(subscription);
            return subscription;
        }
    }

    private void Commit(ResourceKind kind, KindTable table, string key, JsonObject obj, string type, JsonObject? old)
    {
        version++;
        Meta.Of(obj)["resourceVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        table.Objects[key] = obj;
        table.Record(new StoredEvent(version, type, obj, old));
        AfterCommit(kind, obj, type);
        Changed();
    }

    private void Erase(ResourceKind kind, KindTable table, string key, JsonObject obj)
    {
        version++;
        Meta.Of(obj)["resourceVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        table.Objects.Remove(key);
        table.Record(new StoredEvent(version, "DELETED", obj, null));
        AfterCommit(kind, obj, "DELETED");
        Changed();
    }
}
