using System.Runtime.CompilerServices;
using System.Text.Json;
using PiController.Hub.Kube.Client;

namespace PiController.Hub.Tests.Kube;

/// <summary>
/// A real <see cref="KubeApi"/> with a gate before each new watch (closed: the next watch waits until it opens), and
/// the lists and watches it was asked for counted: so a test can make changes while no watch is open.
/// </summary>
internal sealed class GatedKubeApi(KubeApi inner) : IKubeApi, IDisposable
{
    private volatile TaskCompletionSource _open = Opened();
    private int _lists;
    private int _watches;

    public string Cluster => inner.Cluster;

    public k8s.IKubernetes Typed => inner.Typed;

    public int Lists => Volatile.Read(ref _lists);

    public int Watches => Volatile.Read(ref _watches);

    public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    public Task<JsonDocument?> GetAsync(string path, CancellationToken cancellationToken)
    {
        if (path.Contains("limit=", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _lists);
        }
        return inner.GetAsync(path, cancellationToken);
    }

    public Task<JsonDocument> SendAsync(HttpMethod method, string path, string? body, string contentType, CancellationToken cancellationToken) =>
        inner.SendAsync(method, path, body, contentType, cancellationToken);

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string path, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _open.Task.WaitAsync(cancellationToken);
        Interlocked.Increment(ref _watches);
        await foreach (var e in inner.WatchAsync(path, resourceVersion, cancellationToken))
        {
            yield return e;
        }
    }

    public void Dispose() => inner.Dispose();

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
