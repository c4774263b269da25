using System.Net;
using PiController.Hub.Kube.Client;
using PiController.Protocol.Retry;

namespace PiController.Hub.Kube.Informers;

/// <summary>
/// Keeps the cache of one kind in one cluster: lists (in pages), then watches from the list's resourceVersion with
/// bookmarks asked for. A stream the server ends is watched again from the last version seen (an object's or a
/// bookmark's); 410 Gone lists again and reports every key that differs from the cache (objects gone during the gap
/// as removed, changed ones as changed), so no change is missed; a failure backs off (capped) and tries again. Each
/// changed key goes to <c>changed</c>, before and after the first sync alike (the controller holds its workers
/// until every cache is synced). Every restart is counted by reason.
/// </summary>
internal sealed partial class Informer(IKubeApi api, KubeKind kind, Action<KubeKind, string> changed, KubeMetrics metrics, TimeProvider time, ILogger logger)
{
    public const int PageSize = 500;
    private static readonly Backoff Retry = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

    /// <summary>A stream that ends sooner than this after it opened, with nothing on it, counts towards the backoff (a server that ends every watch at once is not hammered).</summary>
    private static readonly TimeSpan ShortStream = TimeSpan.FromSeconds(1);

    private readonly KubeCache _cache = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _restarts = WatchRestartReason.All.ToDictionary(r => r, _ => 0L);
    private string _version = "";
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;

    public KubeKind Kind => kind;

    public IKubeCache Cache => _cache;

    public InformerStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new InformerStatus(kind.ToString(), _cache.Synced, _cache.Count, _version, new Dictionary<string, long>(_restarts), _lastError, _lastErrorAt);
            }
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? version = null;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (version is null)
                {
                    version = await ListAsync(cancellationToken).ConfigureAwait(false);
                    failures = 0;
                }
                var opened = time.GetUtcNow();
                var events = 0;
                await foreach (var e in api.WatchAsync(kind.ListPath, version, cancellationToken).ConfigureAwait(false))
                {
                    events++;
                    failures = 0;
                    version = Apply(e) ?? version;
                }
                Restarted(WatchRestartReason.StreamEnded, null);
                if (events == 0 && time.GetUtcNow() - opened < ShortStream)
                {
                    await Task.Delay(Retry.Next(failures++), time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (KubeApiException e) when (e.Status == HttpStatusCode.Gone)
            {
                Restarted(WatchRestartReason.Gone, null);
                Relisting(logger, api.Cluster, kind.ToString(), version ?? "");
                version = null;
            }
            catch (Exception e) when (e is KubeApiException or KubeUnreachableException or HttpRequestException or IOException or System.Text.Json.JsonException)
            {
                Restarted(WatchRestartReason.Error, e.Message);
                WatchFailed(logger, api.Cluster, kind.ToString(), e.Message);
                try
                {
                    await Task.Delay(Retry.Next(failures++), time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Lists every object (following continue tokens), replaces the cache and reports what differs; the list's resourceVersion.</summary>
    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var listed = new List<KubeObject>();
        string? next = null;
        string version;
        do
        {
            var path = $"{kind.ListPath}?limit={PageSize}" + (next is null ? "" : $"&continue={Uri.EscapeDataString(next)}");
            using var page = await api.GetAsync(path, cancellationToken).ConfigureAwait(false)
                ?? throw new KubeApiException(HttpStatusCode.NotFound, "NotFound", $"the cluster does not serve {kind} (is its CustomResourceDefinition installed?)");
            var root = page.RootElement;
            if (root.TryGetProperty("items", out var items) && items.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                listed.AddRange(items.EnumerateArray().Select(KubeObjects.From));
            }
            version = KubeObjects.ResourceVersion(root);
            next = root.TryGetProperty("metadata", out var m) && m.TryGetProperty("continue", out var c) && c.GetString() is { Length: > 0 } token ? token : null;
        }
        while (next is not null);
        var differ = _cache.Replace(listed);
        lock (_gate)
        {
            _version = version;
        }
        foreach (var key in differ)
        {
            changed(kind, key);
        }
        return version;
    }

    /// <summary>Applies one event to the cache; the version to watch from next (null when the event carries none).</summary>
    private string? Apply(WatchEvent e)
    {
        var version = KubeObjects.ResourceVersion(e.Object);
        if (e.Type != "BOOKMARK")
        {
            var item = KubeObjects.From(e.Object);
            if (e.Type == "DELETED")
            {
                _cache.Remove(item.Key);
            }
            else
            {
                _cache.Put(item);
            }
            changed(kind, item.Key);
        }
        if (version.Length == 0)
        {
            return null;
        }
        lock (_gate)
        {
            _version = version;
        }
        return version;
    }

    private void Restarted(string reason, string? error)
    {
        lock (_gate)
        {
            _restarts[reason]++;
            if (error is not null)
            {
                _lastError = error;
                _lastErrorAt = time.GetUtcNow();
            }
        }
        metrics.WatchRestarted(api.Cluster, kind, reason);
    }

    [LoggerMessage(1500, LogLevel.Information, "Cluster {Cluster}: the watch of {Kind} from version {Version} is too old (410 Gone); listing again")]
    private static partial void Relisting(ILogger logger, string cluster, string kind, string version);

    [LoggerMessage(1501, LogLevel.Warning, "Cluster {Cluster}: listing or watching {Kind} failed ({Reason}); trying again after a pause")]
    private static partial void WatchFailed(ILogger logger, string cluster, string kind, string reason);
}
