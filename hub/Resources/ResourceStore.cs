using PiController.Hub.State;

namespace PiController.Hub.Resources;

/// <summary>
/// Resources in SQLite (tables resources and resource_releases). Each change is one transaction that checks
/// for a conflict first, so a refused change stores nothing; the unique index on (node_id, claim) is the
/// backstop against two writers at once.
/// </summary>
internal sealed partial class ResourceStore(HubDatabase database, TimeProvider time)
{
    private const string Columns = "kind, name, labels, node_id, node_selector, spec, claim, release_on_delete, generation, status, created_at, updated_at, cr_cluster, cr_namespace, cr_name";

    public StoreResult Insert(ResourceRecord record)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        if (Query(connection, transaction, "WHERE kind = $kind AND name = $name", ("$kind", record.Kind.Name()), ("$name", record.Name)).FirstOrDefault() is { } same)
        {
            return new StoreResult(false, same, NameTaken: true);
        }
        if (Holder(connection, transaction, record) is { } holder)
        {
            return new StoreResult(false, holder);
        }
        Write(connection, transaction, record, insert: true);
        ForgetRelease(connection, transaction, record.NodeId, record.Claim, record.Kind);
        return Commit(transaction, record);
    }

    /// <summary>
    /// What <see cref="Insert"/> (no <paramref name="previous"/>) or <see cref="Replace"/> would answer, writing
    /// nothing: a dry run.
    /// </summary>
    public StoreResult Check(ResourceRecord record, ResourceRecord? previous)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        if (previous is null && Query(connection, transaction, "WHERE kind = $kind AND name = $name", ("$kind", record.Kind.Name()), ("$name", record.Name)).FirstOrDefault() is { } same)
        {
            return new StoreResult(false, same, NameTaken: true);
        }
        return Holder(connection, transaction, record) is { } holder ? new StoreResult(false, holder) : new StoreResult(true);
    }

    /// <summary>Replaces a resource; when it moved to another pin or node, the old one is owed a release.</summary>
    public StoreResult Replace(ResourceRecord record, ResourceRecord previous)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        if (Holder(connection, transaction, record) is { } holder)
        {
            return new StoreResult(false, holder);
        }
        Write(connection, transaction, record, insert: false);
        if ((previous.NodeId != record.NodeId || previous.Claim != record.Claim) && previous.ReleaseOnDelete)
        {
            OweRelease(connection, transaction, previous);
        }
        ForgetRelease(connection, transaction, record.NodeId, record.Claim, record.Kind);
        return Commit(transaction, record);
    }

    /// <summary>Deletes a resource and returns it; with onDelete=release its pin is owed a release.</summary>
    public ResourceRecord? Delete(ResourceKind kind, string name)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var record = Query(connection, transaction, "WHERE kind = $kind AND name = $name", ("$kind", kind.Name()), ("$name", name)).FirstOrDefault();
        if (record is null)
        {
            return null;
        }
        using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM resources WHERE kind = $kind AND name = $name";
            delete.Parameters.AddWithValue("$kind", kind.Name());
            delete.Parameters.AddWithValue("$name", name);
            delete.ExecuteNonQuery();
        }
        if (record.ReleaseOnDelete)
        {
            OweRelease(connection, transaction, record);
        }
        transaction.Commit();
        return record;
    }

    public ResourceRecord? Get(ResourceKind kind, string name)
    {
        using var connection = database.Open();
        return Query(connection, null, "WHERE kind = $kind AND name = $name", ("$kind", kind.Name()), ("$name", name)).FirstOrDefault();
    }

    /// <summary>The resource that holds <paramref name="claim"/> on the node ("GPIOPin/led"), or null.</summary>
    public ResourceRef? ClaimHolder(string nodeId, string claim)
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT kind, name FROM resources WHERE node_id = $node AND claim = $claim";
        query.Parameters.AddWithValue("$node", nodeId);
        query.Parameters.AddWithValue("$claim", claim);
        using var reader = query.ExecuteReader();
        return reader.Read() && ResourceKinds.Parse(reader.GetString(0)) is { } kind ? new ResourceRef(kind, reader.GetString(1)) : null;
    }

    public IReadOnlyList<ResourceRecord> List(ResourceKind? kind, string? nodeId)
    {
        using var connection = database.Open();
        var where = (kind, nodeId) switch
        {
            (null, null) => "",
            (null, _) => "WHERE node_id = $node",
            (_, null) => "WHERE kind = $kind",
            _ => "WHERE kind = $kind AND node_id = $node",
        };
        return Query(connection, null, where + " ORDER BY kind, name", ("$kind", kind?.Name() ?? ""), ("$node", nodeId ?? ""));
    }

    /// <summary>The resources projected from the custom resources of a managed cluster.</summary>
    public IReadOnlyList<ResourceRecord> Projections(string cluster)
    {
        using var connection = database.Open();
        return Query(connection, null, "WHERE cr_cluster = $cluster ORDER BY kind, name", ("$cluster", cluster));
    }

    /// <summary>
    /// Raised after <see cref="SaveStatuses"/> stored new statuses or <see cref="ReleaseDone"/> settled a release (not
    /// for the API's own changes, which publish resource.changed): the cluster manager writes a projection's status
    /// back to its custom resource, and lets a deleted one go once its pin is released.
    /// </summary>
    public event Action<IReadOnlyList<ResourceRef>>? StatusesSaved;

    /// <summary>The nodes that have resources or releases owed: the reconciler's work at start.</summary>
    public IReadOnlyList<string> NodesWithWork()
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT node_id FROM resources UNION SELECT node_id FROM resource_releases";
        using var reader = query.ExecuteReader();
        var nodes = new List<string>();
        while (reader.Read())
        {
            nodes.Add(reader.GetString(0));
        }
        return nodes;
    }

    public IReadOnlyList<PendingRelease> Releases(string nodeId)
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT node_id, claim, kind, name, spec, deleted_at FROM resource_releases WHERE node_id = $node ORDER BY deleted_at";
        query.Parameters.AddWithValue("$node", nodeId);
        using var reader = query.ExecuteReader();
        var releases = new List<PendingRelease>();
        while (reader.Read())
        {
            releases.Add(new PendingRelease(reader.GetString(0), reader.GetString(1), ParseKind(reader.GetString(2)), reader.GetString(3), reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }
        return releases;
    }

    public void ReleaseDone(PendingRelease release)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        ForgetRelease(connection, transaction, release.NodeId, release.Claim, release.Kind);
        transaction.Commit();
        StatusesSaved?.Invoke([new ResourceRef(release.Kind, release.Name)]);
    }

    /// <summary>Whether a deleted (or moved) resource of this name still owes its node a release.</summary>
    public bool ReleaseOwed(ResourceKind kind, string name)
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT EXISTS (SELECT 1 FROM resource_releases WHERE kind = $kind AND name = $name)";
        query.Parameters.AddWithValue("$kind", kind.Name());
        query.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>
    /// Stores statuses in one transaction; a resource deleted or moved to another node meanwhile is skipped (its
    /// own node's pass writes it).
    /// </summary>
    public void SaveStatuses(IReadOnlyCollection<(ResourceKind Kind, string Name, ResourceStatus Status)> statuses)
    {
        if (statuses.Count == 0)
        {
            return;
        }
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var (kind, name, status) in statuses)
        {
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE resources SET status = $status WHERE kind = $kind AND name = $name AND node_id = $node";
            update.Parameters.AddWithValue("$node", status.Node ?? "");
            update.Parameters.AddWithValue("$kind", kind.Name());
            update.Parameters.AddWithValue("$name", name);
            update.Parameters.AddWithValue("$status", System.Text.Json.JsonSerializer.Serialize(status, ResourceJson.Compact.ResourceStatus));
            update.ExecuteNonQuery();
        }
        transaction.Commit();
        StatusesSaved?.Invoke(statuses.Select(s => new ResourceRef(s.Kind, s.Name)).ToList());
    }
}
