using PiController.Hub.Api;
using PiController.Hub.Events;
using PiController.Hub.Hardware;
using PiController.Hub.Nodes;

namespace PiController.Hub.Resources;

/// <summary>
/// Creates, changes and deletes resources: checks the document, places it on exactly one node, refuses a second
/// resource on a claimed pin or address (naming the holder, storing nothing, publishing resource.conflict), and
/// hands the node to the reconciler. REST and gRPC both go through here. A dry run (Kubernetes' dryRun=All) does
/// every check, placement and conflict test and returns the resource as it would be stored, but stores nothing,
/// publishes nothing and queues no node. A change that is stored is published as resource.changed.
/// </summary>
internal sealed class ResourceService(
    ResourceStore store, NodeStore nodes, NodeLabels labels, ReconcileQueue queue, EventBus bus,
    HardwareEventFeed hardwareEvents, TimeProvider time)
{
    /// <summary>
    /// Creates the resource, or changes it when it exists, or leaves it alone when its labels, node and spec are
    /// what the draft says (<see cref="ApplyResult.Unchanged"/>: nothing stored, no generation, no reconciliation).
    /// </summary>
    public Task<(ApplyResult Result, ResourceRecord Record)> ApplyAsync(ResourceDraft draft, bool dryRun, CancellationToken cancellationToken) =>
        ApplyAsync(draft, dryRun, null, cancellationToken);

    /// <summary>
    /// Applies a managed cluster's custom resource to its projection (<paramref name="source"/>): the only way to
    /// change a projected resource; the hub API's own calls refuse to (409 naming the kubectl command).
    /// </summary>
    public Task<(ApplyResult Result, ResourceRecord Record)> ProjectAsync(ResourceDraft draft, CustomResourceSource source, CancellationToken cancellationToken) =>
        ApplyAsync(draft, dryRun: false, source, cancellationToken);

    private async Task<(ApplyResult Result, ResourceRecord Record)> ApplyAsync(ResourceDraft draft, bool dryRun, CustomResourceSource? source, CancellationToken cancellationToken)
    {
        Require(draft);
        var previous = store.Get(draft.Kind, draft.Name!);
        if (previous is null)
        {
            return (ApplyResult.Created, await CreateAsync(draft, dryRun, source, cancellationToken).ConfigureAwait(false));
        }
        RequireSource(previous, source, "edit");
        if (previous.Spec == draft.Spec && SameLabels(previous.Labels, draft.Labels) && SameTarget(previous, draft.Node!))
        {
            return (ApplyResult.Unchanged, previous);
        }
        return (ApplyResult.Configured, await UpdateAsync(previous.Name, draft, dryRun, source, cancellationToken).ConfigureAwait(false));
    }

    public Task<ResourceRecord> CreateAsync(ResourceDraft draft, bool dryRun, CancellationToken cancellationToken) =>
        CreateAsync(draft, dryRun, null, cancellationToken);

    private async Task<ResourceRecord> CreateAsync(ResourceDraft draft, bool dryRun, CustomResourceSource? source, CancellationToken cancellationToken)
    {
        var valid = Require(draft);
        var (nodeId, selector) = Place(draft.Node);
        var now = time.GetUtcNow();
        var record = new ResourceRecord(draft.Kind, draft.Name!, draft.Labels, nodeId, selector, draft.Spec, valid.Claim, valid.ReleaseOnDelete,
            1, ResourceStatus.Pending(nodeId), now, now, source);
        var result = dryRun ? store.Check(record, null) : store.Insert(record);
        if (!result.Done)
        {
            if (result.NameTaken)
            {
                RequireSource(result.Other!, source, "edit");
                throw new HubException(HubErrorKind.AlreadyExists,
                    $"{record.Reference} already exists (on node {result.Other!.NodeId}); change it with pi-controller apply -f FILE, or pick another name");
            }
            await RefuseAsync(record, valid, result.Other, dryRun, cancellationToken).ConfigureAwait(false);
        }
        if (!dryRun)
        {
            queue.Enqueue(nodeId);
            await PublishChangedAsync(record, "created", cancellationToken).ConfigureAwait(false);
        }
        return record;
    }

    public Task<ResourceRecord> UpdateAsync(string name, ResourceDraft draft, bool dryRun, CancellationToken cancellationToken) =>
        UpdateAsync(name, draft, dryRun, null, cancellationToken);

    private async Task<ResourceRecord> UpdateAsync(string name, ResourceDraft draft, bool dryRun, CustomResourceSource? source, CancellationToken cancellationToken)
    {
        var previous = store.Get(draft.Kind, name)
            ?? throw new HubException(HubErrorKind.NotFound, $"no {draft.Kind.Name()} named \"{name}\"; create it with pi-controller create {draft.Kind.Path()} or pi-controller apply -f FILE");
        RequireSource(previous, source, "edit");
        if (draft.Name is { } given && given != name)
        {
            throw new HubException(HubErrorKind.Invalid, $"name is \"{TextRules.Excerpt(given)}\" in the body but \"{name}\" in the path; a resource cannot be renamed");
        }
        // Without a node the resource stays where it is; with the same one it is not placed again.
        var previousTarget = previous.Selector is null ? new NodeTarget(Id: previous.NodeId) : new NodeTarget(Selector: previous.Selector);
        var valid = Require(draft with { Name = name, Node = draft.Node ?? previousTarget });
        var (nodeId, selector) = draft.Node is null || draft.Node == previousTarget ? (previous.NodeId, previous.Selector) : Place(draft.Node);
        var changed = nodeId != previous.NodeId || draft.Spec != previous.Spec;
        var record = previous with
        {
            Labels = draft.Labels,
            NodeId = nodeId,
            Selector = selector,
            Spec = draft.Spec,
            Claim = valid.Claim,
            ReleaseOnDelete = valid.ReleaseOnDelete,
            Generation = previous.Generation + (changed ? 1 : 0),
            Status = nodeId == previous.NodeId ? previous.Status : ResourceStatus.Pending(nodeId),
            UpdatedAt = time.GetUtcNow(),
        };
        var result = dryRun ? store.Check(record, previous) : store.Replace(record, previous);
        if (!result.Done)
        {
            await RefuseAsync(record, valid, result.Other, dryRun, cancellationToken).ConfigureAwait(false);
        }
        if (dryRun)
        {
            return record;
        }
        queue.Enqueue(nodeId);
        if (previous.NodeId != nodeId)
        {
            queue.Enqueue(previous.NodeId);
        }
        await PublishChangedAsync(record, "configured", cancellationToken).ConfigureAwait(false);
        return record;
    }

    public Task<ResourceRecord> DeleteAsync(ResourceKind kind, string name, CancellationToken cancellationToken) =>
        DeleteAsync(kind, name, null, cancellationToken);

    /// <summary>Deletes the projection of a custom resource that is being deleted; null when it is gone already.</summary>
    public async Task<ResourceRecord?> DeleteProjectionAsync(ResourceKind kind, string name, CustomResourceSource source, CancellationToken cancellationToken) =>
        store.Get(kind, name) is null ? null : await DeleteAsync(kind, name, source, cancellationToken).ConfigureAwait(false);

    private async Task<ResourceRecord> DeleteAsync(ResourceKind kind, string name, CustomResourceSource? source, CancellationToken cancellationToken)
    {
        if (store.Get(kind, name) is { } existing)
        {
            RequireSource(existing, source, "delete");
        }
        var record = store.Delete(kind, name) ?? throw new HubException(HubErrorKind.NotFound, $"no {kind.Name()} named \"{name}\"; pi-controller get {kind.Path()} lists them");
        queue.Enqueue(record.NodeId);
        await PublishChangedAsync(record, "deleted", cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>resource.changed, after the store has the change (a watch re-reading the resource sees it).</summary>
    private ValueTask PublishChangedAsync(ResourceRecord record, string change, CancellationToken cancellationToken) =>
        bus.PublishAsync(EventTypes.ResourceChanged, record.NodeId, new ResourceChangedPayload(record.Kind.Name(), record.Name, change, record.Generation),
            EventsJsonContext.Default.ResourceChangedPayload, cancellationToken);

    public ResourceRecord Get(ResourceKind kind, string name) =>
        store.Get(kind, name) ?? throw new HubException(HubErrorKind.NotFound, $"no {kind.Name()} named \"{name}\"; pi-controller get {kind.Path()} lists them");

    /// <summary>
    /// Resources of a kind, optionally on one node, matching a selector on their own labels, and placed on nodes
    /// whose labels (set and derived) match <paramref name="nodeSelector"/>.
    /// </summary>
    public IReadOnlyList<ResourceRecord> List(ResourceKind kind, string? nodeId, string? selector, string? nodeSelector = null)
    {
        var parsed = LabelSelector.Parse(selector);
        var onNodes = string.IsNullOrEmpty(nodeSelector) ? null : labels.Matching(LabelSelector.Parse(nodeSelector, "nodeSelector")).ToHashSet(StringComparer.Ordinal);
        return store.List(kind, string.IsNullOrEmpty(nodeId) ? null : nodeId)
            .Where(r => parsed.Matches(r.Labels) && (onNodes is null || onNodes.Contains(r.NodeId))).ToList();
    }

    /// <summary>The status as shown: an I2C device's observed state gains the last reading the hub received.</summary>
    public ResourceStatus Shown(ResourceRecord record)
    {
        if (record.Kind != ResourceKind.I2cDevice || record.Status.Observed is not { Bus: { } bus, Address: { } address } observed)
        {
            return record.Status;
        }
        var reading = hardwareEvents.LatestReading(record.NodeId, bus, address);
        return reading is null ? record.Status : record.Status with { Observed = observed with { ReadingAt = reading.At, Values = reading.Values } };
    }

    /// <summary>A projection changes only from its custom resource, and a custom resource never takes over the hub's own resource.</summary>
    private static void RequireSource(ResourceRecord existing, CustomResourceSource? caller, string verb)
    {
        if (existing.Source == caller)
        {
            return;
        }
        var reference = new ResourceRef(existing.Kind, existing.Name);
        throw new HubException(HubErrorKind.Conflict, existing.Source is { } source
            ? source.Refusal(reference, verb)
            : $"{reference} is the hub's own resource, not a projection of a custom resource; delete it first (pi-controller delete {existing.Kind.Path()} {existing.Name}) or rename the custom resource");
    }

    private static ValidSpec Require(ResourceDraft draft)
    {
        var problems = ResourceValidation.Problems(draft);
        return problems.Count > 0 || draft.Valid is null ? throw new HubException(HubErrorKind.Invalid, string.Join("; ", problems)) : draft.Valid;
    }

    private (string NodeId, string? Selector) Place(NodeTarget? target)
    {
        if (target?.Id is { } id)
        {
            return nodes.Get(id) is not null
                ? (id, null)
                : throw new HubException(HubErrorKind.Precondition, $"node.id: no node with id \"{TextRules.Excerpt(id)}\"; pi-controller nodes ls lists the nodes");
        }
        var selector = LabelSelector.Parse(target?.Selector, "node.selector");
        if (selector.IsEmpty)
        {
            throw new HubException(HubErrorKind.Invalid, "node.selector is empty; it must match exactly one node (for example room=garage)");
        }
        var matching = labels.Matching(selector);
        return matching.Count switch
        {
            1 => (matching[0], selector.Text),
            0 => throw new HubException(HubErrorKind.Precondition,
                $"node.selector \"{TextRules.Excerpt(selector.ToString())}\" matches no node; pi-controller nodes label NODE shows a node's labels"),
            _ => throw new HubException(HubErrorKind.Precondition,
                $"node.selector \"{TextRules.Excerpt(selector.ToString())}\" matches {matching.Count} nodes ({string.Join(", ", matching.Take(10))}{(matching.Count > 10 ? ", ..." : "")}); a resource goes on exactly one node, so narrow the selector or use node.id"),
        };
    }

    private static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    private static bool SameTarget(ResourceRecord previous, NodeTarget target) => previous.Selector is { } stored
        ? target.Selector is { } given && LabelSelector.Parse(given, "node.selector").Text == stored
        : target.Id == previous.NodeId;

    private async Task RefuseAsync(ResourceRecord record, ValidSpec valid, ResourceRecord? holder, bool dryRun, CancellationToken cancellationToken)
    {
        var other = holder is null ? "another resource"
            : holder.Source is { } source ? $"{holder.Reference} (the custom resource {CustomResourceSource.KubectlKind(holder.Kind)} {source.Namespace}/{source.Name} in cluster {source.Cluster})"
            : holder.Reference;
        var reason = $"{valid.Target} on node {record.NodeId} is already held by {other}";
        if (!dryRun)
        {
            await bus.PublishAsync(EventTypes.ResourceConflict, record.NodeId,
                new ResourceConflictPayload(record.Kind.Name(), record.Name, holder?.Kind.Name() ?? "", holder?.Name ?? "", valid.Target, reason),
                EventsJsonContext.Default.ResourceConflictPayload, cancellationToken).ConfigureAwait(false);
        }
        throw new HubException(HubErrorKind.Conflict, $"{reason}; delete or change {other} first, or use another {(record.Kind == ResourceKind.I2cDevice ? "address" : "pin")}");
    }
}
