using System.Collections.Concurrent;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Nodes;
using PiController.Protocol.Retry;

namespace PiController.Hub.Kube.Manager;

/// <summary>
/// One managed cluster's controller, serving every <see cref="IClusterPart"/>: prepares each part (retrying with
/// backoff), runs one <see cref="Informer"/> per kind any part watches (and Nodes, for node matching), waits until
/// every cache is synced, then drains the <see cref="WorkQueue"/> with its workers and queues every key again on each
/// resync. Nothing is reconciled before the first full sync: changes seen before it only fill the queue.
/// </summary>
internal sealed partial class ClusterController : ClusterContext, IAsyncDisposable
{
    private readonly IKubeApi _api;
    private readonly IReadOnlyList<IClusterPart> _parts;
    private readonly Dictionary<KubeKind, Informer> _informers;
    private readonly WorkQueue _queue;
    private readonly ClusterManagerOptions _options;
    private readonly NodeStore _nodes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<WorkItem, byte> _ownKeys = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task _run = Task.CompletedTask;
    private string _phase = ControllerPhase.Preparing;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private (int Version, IReadOnlyList<NodeMatch> Matches)? _matches;
    private int _nodesVersion;

    public ClusterController(IKubeApi api, string fingerprint, IEnumerable<IClusterPart> parts, ClusterManagerOptions options, KubeMetrics metrics, NodeStore nodes,
        TimeProvider time, ILogger logger)
    {
        _api = api;
        Fingerprint = fingerprint;
        _parts = [.. parts];
        _options = options;
        _nodes = nodes;
        _time = time;
        _logger = logger;
        _queue = new WorkQueue(time, new TokenBucket(options.ItemsPerSecond, options.Burst, time), new Backoff(options.FirstRetry, options.MaxRetry));
        var kinds = _parts.SelectMany(p => p.Watches).Append(KubeKind.Nodes).Distinct();
        _informers = kinds.ToDictionary(k => k, k => new Informer(api, k, Changed, metrics, time, logger));
    }

    public override string Name => _api.Cluster;

    public override IKubeApi Api => _api;

    /// <summary>What the controller was made from (a hash of the kubeconfig): a changed kubeconfig restarts it.</summary>
    public string Fingerprint { get; }

    public override bool Synced => _informers.Values.All(i => i.Cache.Synced);

    public override IKubeCache Cache(KubeKind kind) => _informers.TryGetValue(kind, out var informer)
        ? informer.Cache
        : throw new InvalidOperationException($"no part of the cluster manager watches {kind}; add it to the part's Watches");

    public override void Enqueue(string part, string key)
    {
        var item = new WorkItem(part, null, key);
        _ownKeys.TryAdd(item, 0);
        _queue.Enqueue(item);
    }

    public override string? NodeIdOf(string kubernetesNode) =>
        Matches().FirstOrDefault(m => m.KubernetesNode == kubernetesNode && m.Outcome == NodeMatchOutcome.Matched)?.NodeId;

    public override string? KubernetesNodeOf(string nodeId) =>
        Matches().FirstOrDefault(m => m.NodeId == nodeId && m.Outcome == NodeMatchOutcome.Matched)?.KubernetesNode;

    /// <summary>Every Kubernetes node of the cluster with the hub node it matched, unmatched or ambiguous (and why).</summary>
    public IReadOnlyList<NodeMatch> Matches()
    {
        var version = Volatile.Read(ref _nodesVersion);
        if (_matches is { } known && known.Version == version)
        {
            return known.Matches;
        }
        var matches = NodeMatcher.Match([.. Cache(KubeKind.Nodes).List().Select(KubeNodeFactsReader.From)], KubeNodeFactsReader.From(_nodes.List()));
        _matches = (version, matches);
        return matches;
    }

    /// <summary>The hub's nodes changed (enrolled, renamed, deleted): match again at the next question.</summary>
    public void HubNodesChanged() => Interlocked.Increment(ref _nodesVersion);

    public ClusterManagerStatus Status()
    {
        var kinds = _informers.Values.Select(i => i.Status).OrderBy(s => s.Kind, StringComparer.Ordinal).ToList();
        var watchError = kinds.Where(s => s.LastError is not null).OrderByDescending(s => s.LastErrorAt).FirstOrDefault();
        lock (_gate)
        {
            var (error, at) = _lastError is not null ? (_lastError, _lastErrorAt) : (watchError?.LastError, watchError?.LastErrorAt);
            return new ClusterManagerStatus(Name, true, _phase, Synced, kinds, _queue.Pending, _queue.Retrying, error, at, [.. _parts.Select(p => p.Name)]);
        }
    }

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _queue.Close();
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        (_api as IDisposable)?.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        SetPhase(ControllerPhase.Syncing);
        var informers = _informers.Values.Select(i => Task.Run(() => i.RunAsync(cancellationToken), cancellationToken)).ToList();
        while (!Synced)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
        }
        SetPhase(ControllerPhase.Running);
        Started(_logger, Name, _informers.Count, _parts.Count);
        var workers = Enumerable.Range(0, Math.Max(1, _options.Workers)).Select(_ => Task.Run(() => WorkAsync(cancellationToken), cancellationToken)).ToList();
        var resync = Task.Run(() => ResyncAsync(cancellationToken), cancellationToken);
        await Task.WhenAll([.. informers, .. workers, resync]).ConfigureAwait(false);
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var retry = new Backoff(_options.FirstRetry, _options.MaxRetry);
        foreach (var part in _parts)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await part.PrepareAsync(this, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    Failed($"preparing {part.Name}: {e.Message}");
                    PrepareFailed(_logger, Name, part.Name, e.Message);
                    await Task.Delay(retry.Next(attempt), _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        lock (_gate)
        {
            _lastError = null;
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        var parts = _parts.ToDictionary(p => p.Name, StringComparer.Ordinal);
        while (!cancellationToken.IsCancellationRequested)
        {
            WorkItem item;
            try
            {
                item = await _queue.TakeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                return;
            }
            var succeeded = false;
            try
            {
                if (parts.TryGetValue(item.Part, out var part))
                {
                    await part.ReconcileAsync(this, item, cancellationToken).ConfigureAwait(false);
                }
                succeeded = true;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                ReconcileFailed(_logger, Name, item.Part, item.Kind?.ToString() ?? "-", item.Key, e.Message);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                _queue.Done(item, succeeded);
            }
        }
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.Resync, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            Resync();
        }
    }

    /// <summary>Queues every key again for every part: the objects of the kinds it watches and the keys it queued itself.</summary>
    public void Resync()
    {
        foreach (var part in _parts)
        {
            foreach (var kind in part.Watches.Distinct())
            {
                foreach (var item in Cache(kind).List())
                {
                    _queue.Enqueue(new WorkItem(part.Name, kind, item.Key));
                }
            }
        }
        foreach (var own in _ownKeys.Keys)
        {
            _queue.Enqueue(own);
        }
    }

    private void Changed(KubeKind kind, string key)
    {
        if (kind == KubeKind.Nodes)
        {
            Interlocked.Increment(ref _nodesVersion);
        }
        foreach (var part in _parts.Where(p => p.Watches.Contains(kind)))
        {
            _queue.Enqueue(new WorkItem(part.Name, kind, key));
        }
    }

    private void SetPhase(string phase)
    {
        lock (_gate)
        {
            _phase = phase;
        }
    }

    private void Failed(string error)
    {
        lock (_gate)
        {
            _lastError = error;
            _lastErrorAt = _time.GetUtcNow();
        }
    }

    [LoggerMessage(1510, LogLevel.Information, "Cluster {Cluster}: synced {Kinds} kinds; {Parts} parts are reconciled")]
    private static partial void Started(ILogger logger, string cluster, int kinds, int parts);

    [LoggerMessage(1511, LogLevel.Warning, "Cluster {Cluster}: preparing {Part} failed ({Reason}); trying again after a pause")]
    private static partial void PrepareFailed(ILogger logger, string cluster, string part, string reason);

    [LoggerMessage(1512, LogLevel.Warning, "Cluster {Cluster}: {Part} failed on {Kind} {Key} ({Reason}); it is retried after a pause")]
    private static partial void ReconcileFailed(ILogger logger, string cluster, string part, string kind, string key, string reason);
}
