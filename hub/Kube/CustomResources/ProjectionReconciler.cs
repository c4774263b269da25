using System.Collections.Concurrent;
using System.Text.Json;
using PiController.Hub.Api;
using PiController.Hub.Hardware;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Resources;
using PiController.Protocol.Link;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// Brings one GPIOPin, PWMController or I2CDevice in step with the hub: holds the finalizer, projects the spec into a
/// hub resource through <see cref="ResourceService"/> (placed on the hub node that spec.node is), writes the
/// projection's status back (observedGeneration, conditions, desired and observed, last edge or reading) only when it
/// changed, records a new conflict as an Event, and on deletion deletes the projection and lets the object go only
/// once the agent has released its pin.
/// </summary>
internal sealed partial class ProjectionReconciler(
    ResourceService resources, ResourceStore store, HardwareEventFeed hardware, ConflictEvents events, TimeProvider time, ILogger<ProjectionReconciler> logger)
{
    /// <summary>The status last written to each object (CLUSTER/PLURAL/NAMESPACE/NAME), to tell a stale cache from an outside change.</summary>
    private readonly ConcurrentDictionary<string, string> _written = new(StringComparer.Ordinal);

    /// <summary>One pass per object at a time: its watch key and the hub's own key for it are different work items.</summary>
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _objects = new(StringComparer.Ordinal);

    public async Task ReconcileAsync(ClusterContext cluster, KubeKind kind, string key, CancellationToken cancellationToken)
    {
        var gate = _objects.GetOrAdd($"{cluster.Name}/{kind.Plural}/{key}", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReconcileObjectAsync(cluster, kind, key, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task ReconcileObjectAsync(ClusterContext cluster, KubeKind kind, string key, CancellationToken cancellationToken)
    {
        var hubKind = CustomResourceKinds.HubKind(kind) ?? throw new ArgumentException($"{kind} is not a custom resource of {CustomResourceKinds.Group}", nameof(kind));
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var (ns, name) = slash < 0 ? ("default", key) : (key[..slash], key[(slash + 1)..]);
        var source = new CustomResourceSource(cluster.Name, ns, name);
        var hubName = ProjectionNames.Of(cluster.Name, ns, name);
        if (cluster.Cache(kind).Get(key) is not { } cached)
        {
            // Gone without the finalizer's pass (removed by hand): its projection must not outlive it.
            await DeleteProjectionAsync(hubKind, hubName, source, cancellationToken).ConfigureAwait(false);
            return;
        }
        var cr = new CustomResourceObject(kind, cached);
        if (cr.Deleting)
        {
            await DeletingAsync(cluster, cr, hubKind, hubName, source, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (!cr.HoldsFinalizer)
        {
            await CustomResourceWrites.SetFinalizersAsync(cluster.Api, cr, [.. cr.Finalizers, CustomResourceKinds.Finalizer], cancellationToken).ConfigureAwait(false);
        }
        var view = await ProjectAsync(cluster, cr, hubKind, hubName, source, cancellationToken).ConfigureAwait(false);
        await WriteAsync(cluster, cr, view, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the projections of this cluster whose custom resource no longer exists (deleted while the hub was away).</summary>
    public async Task SweepAsync(ClusterContext cluster, CancellationToken cancellationToken)
    {
        foreach (var record in store.Projections(cluster.Name))
        {
            var source = record.Source!;
            if (cluster.Cache(CustomResourceKinds.Of(record.Kind)).Get($"{source.Namespace}/{source.Name}") is null)
            {
                LogOrphan(logger, cluster.Name, record.Reference, source.Namespace, source.Name);
                await DeleteProjectionAsync(record.Kind, record.Name, source, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<ProjectionView> ProjectAsync(ClusterContext cluster, CustomResourceObject cr, ResourceKind hubKind, string hubName, CustomResourceSource source,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var existing = store.Get(hubKind, hubName);
        ProjectionView Refused(string type, string reason, string message) => new(hubKind, cr.Generation, existing?.Name, existing?.NodeId, null,
            existing is null ? null : resources.Shown(existing).Observed, ProjectionConditions.Only(type, reason, message, cr.Status, now));

        var node = cr.Node;
        var nodeId = node is null ? null : cluster.NodeIdOf(node);
        if (nodeId is null)
        {
            return Refused(ResourceCondition.Invalid, "NodeNotInHub", node is null
                ? "spec.node is required: the Kubernetes node whose pin this is"
                : $"Kubernetes node {node} is not matched to a node of the hub (by its label {NodeMatcher.NodeIdLabel}, hostname or address); enroll its agent (pi-controller nodes ls lists the hub's nodes)");
        }
        var draft = ProjectionSpecs.Draft(hubKind, hubName, nodeId, cluster.Name, cr);
        try
        {
            var (_, record) = await resources.ProjectAsync(draft, source, cancellationToken).ConfigureAwait(false);
            return View(record, cr, draft.Valid!, now);
        }
        catch (HubException e) when (e.Kind is HubErrorKind.Conflict or HubErrorKind.AlreadyExists)
        {
            return Refused(ResourceCondition.Conflict, "PinClaimed", e.Message);
        }
        catch (HubException e) when (e.Kind is HubErrorKind.Invalid or HubErrorKind.Precondition)
        {
            return Refused(ResourceCondition.Invalid, "InvalidSpec", e.Message);
        }
    }

    private ProjectionView View(ResourceRecord record, CustomResourceObject cr, ValidSpec valid, DateTimeOffset now)
    {
        var shown = resources.Shown(record);
        var conditions = shown.Conditions.Count > 0 ? shown.Conditions
            : ProjectionConditions.Only(null, "Pending", $"waiting for the hub to apply it on node {record.NodeId}", cr.Status, now);
        // The status answers this generation once the hub's reconciler has seen the projection as it is now.
        var observed = shown.ObservedGeneration == record.Generation && shown.Conditions.Count > 0 ? cr.Generation : cr.ObservedGeneration;
        PinEventView? edge = null;
        if (valid.Gpio is { Mode: GpioMode.Input, Edge: not GpioEdge.None } gpio)
        {
            var edges = hardware.PinEvents(record.NodeId, gpio.Bcm, 1).Events;
            edge = edges.Count > 0 ? edges[^1] : null;
        }
        return new ProjectionView(record.Kind, observed, record.Name, record.NodeId, ProjectionText.Desired(valid), shown.Observed, conditions, edge);
    }

    private async Task WriteAsync(ClusterContext cluster, CustomResourceObject cr, ProjectionView view, CancellationToken cancellationToken)
    {
        var next = ProjectionStatus.ToJson(view);
        var text = next.ToJsonString();
        var memo = $"{cluster.Name}/{cr.Kind.Plural}/{cr.Cached.Key}";
        var current = cr.Status;
        if (_written.TryGetValue(memo, out var written) && written == text && ProjectionStatus.Patch(current, next) is not null)
        {
            // The cache may not have seen the last write yet (another change queued the key meanwhile): ask the API,
            // so the same status is not written twice and the same conflict not recorded twice.
            using var fresh = await cluster.Api.GetAsync(cr.Kind.ObjectPath(cr.Namespace, cr.Name), cancellationToken).ConfigureAwait(false);
            if (fresh is null)
            {
                return;
            }
            current = fresh.RootElement.TryGetProperty("status", out var s) ? s.Clone() : default;
        }
        var patch = ProjectionStatus.Patch(current, next);
        if (patch is null)
        {
            return;
        }
        await CustomResourceWrites.PatchStatusAsync(cluster.Api, cr, patch, cancellationToken).ConfigureAwait(false);
        _written[memo] = text;
        var conflict = view.Conditions.FirstOrDefault(c => c.Type == ResourceCondition.Conflict && c.Status == ResourceCondition.True);
        if (conflict is not null && !KnownConflict(current, conflict.Message))
        {
            await events.RecordAsync(cluster.Api, cr, conflict.Reason, conflict.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool KnownConflict(JsonElement status, string message) =>
        status.ValueKind == JsonValueKind.Object && status.TryGetProperty("conditions", out var conditions) && conditions.ValueKind == JsonValueKind.Array
        && conditions.EnumerateArray().Any(c => c.TryGetProperty("type", out var t) && t.GetString() == ResourceCondition.Conflict
            && c.TryGetProperty("status", out var s) && s.GetString() == ResourceCondition.True
            && c.TryGetProperty("message", out var m) && m.GetString() == message);

    private async Task DeletingAsync(ClusterContext cluster, CustomResourceObject cr, ResourceKind hubKind, string hubName, CustomResourceSource source,
        CancellationToken cancellationToken)
    {
        if (!cr.HoldsFinalizer)
        {
            return;
        }
        var deleted = await DeleteProjectionAsync(hubKind, hubName, source, cancellationToken).ConfigureAwait(false);
        if (store.ReleaseOwed(hubKind, hubName))
        {
            var node = deleted?.NodeId ?? (cr.Status.TryGetProperty("hubNode", out var n) ? n.GetString() : null) ?? cr.Node;
            var message = $"deleted; waiting for the agent of node {node} to release the pin (the finalizer {CustomResourceKinds.Finalizer} holds the object until then)";
            var view = new ProjectionView(hubKind, cr.ObservedGeneration, null, node, null, null,
                ProjectionConditions.Only(null, "Releasing", message, cr.Status, time.GetUtcNow()));
            await WriteAsync(cluster, cr, view, cancellationToken).ConfigureAwait(false);
            return;
        }
        await CustomResourceWrites.SetFinalizersAsync(cluster.Api, cr, cr.Finalizers.Where(f => f != CustomResourceKinds.Finalizer), cancellationToken).ConfigureAwait(false);
        _written.TryRemove($"{cluster.Name}/{cr.Kind.Plural}/{cr.Cached.Key}", out _);
        LogReleased(logger, cluster.Name, cr.Kind.Kind, cr.Namespace, cr.Name);
    }

    private async Task<ResourceRecord?> DeleteProjectionAsync(ResourceKind kind, string hubName, CustomResourceSource source, CancellationToken cancellationToken)
    {
        try
        {
            return await resources.DeleteProjectionAsync(kind, hubName, source, cancellationToken).ConfigureAwait(false);
        }
        catch (HubException e) when (e.Kind == HubErrorKind.Conflict)
        {
            // The name belongs to a resource of the hub's own: nothing of this object's to delete.
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster}: {Kind} {Namespace}/{Name} released its pin; finalizer removed")]
    private static partial void LogReleased(ILogger logger, string cluster, string kind, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster}: {Resource} projected {Namespace}/{Name}, which no longer exists; deleting it")]
    private static partial void LogOrphan(ILogger logger, string cluster, string resource, string @namespace, string name);
}
