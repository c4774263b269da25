using PiController.Hub.State;

namespace PiController.Hub.Nodes;

/// <summary>
/// The labels people put on nodes (table node_labels). The labels the hub derives from a node's hardware report
/// are computed when asked (<see cref="NodeLabels"/>) and never stored here, so the two stay apart.
/// </summary>
internal sealed class NodeLabelStore(HubDatabase database)
{
    public IReadOnlyDictionary<string, string> For(string nodeId) =>
        All(nodeId).GetValueOrDefault(nodeId) ?? new Dictionary<string, string>();

    /// <summary>Every node's labels, by node id; with <paramref name="nodeId"/>, that node's only.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> All(string? nodeId = null)
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT node_id, key, value FROM node_labels" + (nodeId is null ? "" : " WHERE node_id = $id") + " ORDER BY node_id, key";
        if (nodeId is not null)
        {
            query.Parameters.AddWithValue("$id", nodeId);
        }
        using var reader = query.ExecuteReader();
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (!result.TryGetValue(id, out var labels))
            {
                result[id] = labels = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            labels[reader.GetString(1)] = reader.GetString(2);
        }
        return result.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, string>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// Applies changes in one transaction: a value sets the label, null removes it; with <paramref name="replace"/>
    /// every label not named is removed too.
    /// </summary>
    public void Apply(string nodeId, IReadOnlyDictionary<string, string?> changes, bool replace)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        if (replace)
        {
            using var clear = connection.CreateCommand();
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM node_labels WHERE node_id = $id";
            clear.Parameters.AddWithValue("$id", nodeId);
            clear.ExecuteNonQuery();
        }
        foreach (var (key, value) in changes)
        {
            using var change = connection.CreateCommand();
            change.Transaction = transaction;
            change.CommandText = value is null
                ? "DELETE FROM node_labels WHERE node_id = $id AND key = $key"
                : "INSERT INTO node_labels (node_id, key, value) VALUES ($id, $key, $value) ON CONFLICT (node_id, key) DO UPDATE SET value = $value";
            change.Parameters.AddWithValue("$id", nodeId);
            change.Parameters.AddWithValue("$key", key);
            if (value is not null)
            {
                change.Parameters.AddWithValue("$value", value);
            }
            change.ExecuteNonQuery();
        }
        transaction.Commit();
    }
}
