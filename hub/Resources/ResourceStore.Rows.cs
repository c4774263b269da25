using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PiController.Hub.Resources;

// Row reading and writing for ResourceStore.
internal sealed partial class ResourceStore
{
    private static ResourceRecord? Holder(SqliteConnection connection, SqliteTransaction transaction, ResourceRecord record) =>
        Query(connection, transaction, "WHERE node_id = $node AND claim = $claim AND NOT (kind = $kind AND name = $name)",
            ("$node", record.NodeId), ("$claim", record.Claim), ("$kind", record.Kind.Name()), ("$name", record.Name)).FirstOrDefault();

    private StoreResult Commit(SqliteTransaction transaction, ResourceRecord record)
    {
        try
        {
            transaction.Commit();
            return new StoreResult(true);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            // Another writer took the claim between the check and the commit.
            using var again = database.Open();
            return new StoreResult(false, Query(again, null, "WHERE node_id = $node AND claim = $claim", ("$node", record.NodeId), ("$claim", record.Claim)).FirstOrDefault());
        }
    }

    private static void Write(SqliteConnection connection, SqliteTransaction transaction, ResourceRecord r, bool insert)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = insert
            ? $"INSERT INTO resources ({Columns}) VALUES ($kind, $name, $labels, $node, $selector, $spec, $claim, $release, $generation, $status, $created, $updated, $crCluster, $crNamespace, $crName)"
            : """
              UPDATE resources SET labels = $labels, node_id = $node, node_selector = $selector, spec = $spec, claim = $claim,
                  release_on_delete = $release, generation = $generation, updated_at = $updated,
                  cr_cluster = $crCluster, cr_namespace = $crNamespace, cr_name = $crName,
                  -- On the same node the stored status stays (the reconciler may have written it since the caller
                  -- read the row); a move starts the new node's status afresh. SET sees the old row's node_id.
                  status = CASE WHEN node_id = $node THEN status ELSE $status END
              WHERE kind = $kind AND name = $name
              """;
        command.Parameters.AddWithValue("$kind", r.Kind.Name());
        command.Parameters.AddWithValue("$name", r.Name);
        command.Parameters.AddWithValue("$labels", JsonSerializer.Serialize(r.Labels, ResourceJson.Compact.IReadOnlyDictionaryStringString));
        command.Parameters.AddWithValue("$node", r.NodeId);
        command.Parameters.AddWithValue("$selector", (object?)r.Selector ?? DBNull.Value);
        command.Parameters.AddWithValue("$spec", r.Spec);
        command.Parameters.AddWithValue("$claim", r.Claim);
        command.Parameters.AddWithValue("$release", r.ReleaseOnDelete ? 1 : 0);
        command.Parameters.AddWithValue("$generation", r.Generation);
        command.Parameters.AddWithValue("$status", JsonSerializer.Serialize(r.Status, ResourceJson.Compact.ResourceStatus));
        command.Parameters.AddWithValue("$created", r.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$updated", r.UpdatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$crCluster", (object?)r.Source?.Cluster ?? DBNull.Value);
        command.Parameters.AddWithValue("$crNamespace", (object?)r.Source?.Namespace ?? DBNull.Value);
        command.Parameters.AddWithValue("$crName", (object?)r.Source?.Name ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private void OweRelease(SqliteConnection connection, SqliteTransaction transaction, ResourceRecord r)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO resource_releases (node_id, claim, kind, name, spec, deleted_at) VALUES ($node, $claim, $kind, $name, $spec, $at)
            ON CONFLICT (node_id, claim, kind) DO UPDATE SET name = $name, spec = $spec, deleted_at = $at
            """;
        command.Parameters.AddWithValue("$node", r.NodeId);
        command.Parameters.AddWithValue("$claim", r.Claim);
        command.Parameters.AddWithValue("$kind", r.Kind.Name());
        command.Parameters.AddWithValue("$name", r.Name);
        command.Parameters.AddWithValue("$spec", r.Spec);
        command.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    /// <summary>A new holder of the same kind takes the pin over as it is; one of another kind still needs the release first.</summary>
    private static void ForgetRelease(SqliteConnection connection, SqliteTransaction transaction, string nodeId, string claim, ResourceKind kind)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM resource_releases WHERE node_id = $node AND claim = $claim AND kind = $kind";
        command.Parameters.AddWithValue("$node", nodeId);
        command.Parameters.AddWithValue("$claim", claim);
        command.Parameters.AddWithValue("$kind", kind.Name());
        command.ExecuteNonQuery();
    }

    private static List<ResourceRecord> Query(SqliteConnection connection, SqliteTransaction? transaction, string where, params (string Name, object Value)[] parameters)
    {
        using var query = connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = $"SELECT {Columns} FROM resources {where}";
        foreach (var (name, value) in parameters)
        {
            query.Parameters.AddWithValue(name, value);
        }
        using var reader = query.ExecuteReader();
        var records = new List<ResourceRecord>();
        while (reader.Read())
        {
            records.Add(new ResourceRecord(
                ParseKind(reader.GetString(0)),
                reader.GetString(1),
                JsonSerializer.Deserialize(reader.GetString(2), ResourcesJsonContext.Default.IReadOnlyDictionaryStringString) ?? new Dictionary<string, string>(),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetInt64(7) != 0,
                reader.GetInt64(8),
                JsonSerializer.Deserialize(reader.GetString(9), ResourcesJsonContext.Default.ResourceStatus)!,
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
                reader.IsDBNull(12) ? null : new CustomResourceSource(reader.GetString(12), reader.GetString(13), reader.GetString(14))));
        }
        return records;
    }

    private static ResourceKind ParseKind(string text) =>
        ResourceKinds.Parse(text) ?? throw new InvalidDataException($"resources table holds an unknown kind \"{text}\"");
}
