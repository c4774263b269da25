using System.Collections.Concurrent;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Tests.Provisioning.Clusters;

/// <summary>
/// The state of the nodes a <see cref="TestDoubleTransport"/> reaches (a test double, not a node): each node's files
/// by path (the text the hub wrote), its units' states, its boot id, and one shared journal of every step carried
/// out, in order. It survives a hub's restart (the test hands the same instance to the next hub). A test may make a
/// step fail once, hold a step until the hub stops, or hold the first step of every agent until all agents arrived.
/// </summary>
internal sealed class TestDoubleNodes
{
    private readonly Lock _lock = new();
    private readonly List<(string Node, string Step)> _journal = [];

    public ConcurrentDictionary<string, ConcurrentDictionary<string, string>> Files { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> Units { get; } = new(StringComparer.Ordinal);

    /// <summary>The datastore a node's etcd-snapshot finds, when a test sets one (else etcd on a running server).</summary>
    public ConcurrentDictionary<string, EtcdDatastore> Datastores { get; } = new(StringComparer.Ordinal);

    /// <summary>Nodes whose etcd-snapshot cannot be reached.</summary>
    public ConcurrentBag<string> Unreachable { get; } = [];

    /// <summary>The clock snapshots are named and dated by.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    private readonly ConcurrentDictionary<string, List<SnapshotFile>> _snapshots = new(StringComparer.Ordinal);

    /// <summary>A node's etcd snapshots (lock the list to use it).</summary>
    public List<SnapshotFile> SnapshotsOf(string node) => _snapshots.GetOrAdd(node, _ => []);

    /// <summary>A step (by the start of its text) that fails once on a node, with this stderr.</summary>
    public (string Node, string StepStart, string Stderr)? FailOnce { get; set; }

    /// <summary>A step (by the start of its text) that waits on a node until the hub cancels it; <see cref="Held"/> completes when it is reached.</summary>
    public (string Node, string StepStart)? Hold { get; set; }

    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The agents whose first step waits until every one of them has started it (they run together, or the plan hangs).</summary>
    public IReadOnlyList<string> TogetherAgents { get; set; } = [];

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _arrived = new(StringComparer.Ordinal);

    public IReadOnlyList<(string Node, string Step)> Journal
    {
        get
        {
            lock (_lock)
            {
                return [.. _journal];
            }
        }
    }

    public ConcurrentDictionary<string, string> FilesOf(string node) => Files.GetOrAdd(node, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal));

    public void Record(string node, string step)
    {
        lock (_lock)
        {
            _journal.Add((node, step));
        }
    }

    /// <summary>Waits, for a first step of an agent named in <see cref="TogetherAgents"/>, until all of them have reached it.</summary>
    public async Task ArriveAsync(string node, CancellationToken cancellationToken)
    {
        if (!TogetherAgents.Contains(node))
        {
            return;
        }
        _arrived.GetOrAdd(node, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        await Task.WhenAll(TogetherAgents.Select(a => _arrived.GetOrAdd(a, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task))
            .WaitAsync(cancellationToken);
    }

    /// <summary>The server CA of the cluster: what the first server was given (joining servers receive it from the cluster).</summary>
    public string? ClusterServerCa => Files.Values.Select(f => f.GetValueOrDefault(K3sFiles.PathOf(K3sFile.ServerCa))).FirstOrDefault(c => c is not null);

    public static string Kubeconfig => """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: LS0tLS1CRUdJTi1kZWZhdWx0LS0tLS0=
            server: https://127.0.0.1:6443
          name: default
        contexts:
        - context:
            cluster: default
            user: default
          name: default
        current-context: default
        kind: Config
        preferences: {}
        users:
        - name: default
          user:
            client-certificate-data: ZGVmYXVsdC1jZXJ0
            client-key-data: ZGVmYXVsdC1rZXk=

        """;

    public static bool IsServerUnit(InstallStep step) => step switch
    {
        EnableNow e => e.Unit == "k3s",
        RestartIfChanged r => r.Unit == "k3s",
        _ => false,
    };
}
