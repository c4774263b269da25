using System.Collections.Concurrent;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Kube.Manager;

namespace PiController.Hub.Tests.Kube;

/// <summary>A cluster part that records what it is asked to do, and what the caches held when it was; it can be told to fail.</summary>
internal sealed class RecordingPart(string name, params KubeKind[] watches) : IClusterPart
{
    public string Name => name;

    public IReadOnlyList<KubeKind> Watches => watches;

    public ConcurrentQueue<WorkItem> Reconciled { get; } = new();

    /// <summary>Items reconciled while a cache was not yet synced (must stay empty).</summary>
    public ConcurrentQueue<WorkItem> BeforeSync { get; } = new();

    public int Prepared;

    /// <summary>Preparations that throw before one succeeds.</summary>
    public int FailPreparations { get; set; }

    /// <summary>Keys that throw while this is true.</summary>
    public Func<WorkItem, bool> Fails { get; set; } = _ => false;

    public Task PrepareAsync(ClusterContext cluster, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref Prepared) <= FailPreparations)
        {
            throw new InvalidOperationException("the CRD is not there yet");
        }
        return Task.CompletedTask;
    }

    public Task ReconcileAsync(ClusterContext cluster, WorkItem item, CancellationToken cancellationToken)
    {
        if (!cluster.Synced)
        {
            BeforeSync.Enqueue(item);
        }
        Reconciled.Enqueue(item);
        return Fails(item) ? throw new InvalidOperationException($"cannot reconcile {item.Key}") : Task.CompletedTask;
    }

    public int Count(string key) => Reconciled.Count(i => i.Key == key);
}
