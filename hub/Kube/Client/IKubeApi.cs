using System.Text.Json;

namespace PiController.Hub.Kube.Client;

/// <summary>
/// One cluster's Kubernetes API as the cluster manager uses it: KubernetesClient.Aot's typed requests for built-in
/// kinds (nodes, pods, evictions, events, leases, CRDs, quotas), raw JSON requests for the custom resources (their
/// types live in the hub's own JSON contexts), and the watch stream KubernetesClient.Aot lacks. A request the API
/// refuses throws <see cref="KubeApiException"/> (its HTTP status, the Status object's reason and message); a server
/// that cannot be reached throws <see cref="KubeUnreachableException"/>.
/// </summary>
internal interface IKubeApi
{
    /// <summary>The hub's name of the cluster.</summary>
    string Cluster { get; }

    /// <summary>KubernetesClient.Aot's typed client on the same server and credentials.</summary>
    k8s.IKubernetes Typed { get; }

    /// <summary>GET of an API path (<c>/apis/GROUP/VERSION/...</c>, with its query); null when the API answers 404.</summary>
    Task<JsonDocument?> GetAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Sends <paramref name="body"/> (null for none) with <paramref name="contentType"/> (application/json,
    /// application/merge-patch+json, application/json-patch+json, application/apply-patch+yaml) and returns the answer.
    /// </summary>
    Task<JsonDocument> SendAsync(HttpMethod method, string path, string? body, string contentType, CancellationToken cancellationToken);

    /// <summary>
    /// Watches a list path from <paramref name="resourceVersion"/> with bookmarks asked for, yielding each
    /// newline-delimited WatchEvent until the server ends the stream (the caller watches again from the last version
    /// it saw). A version too old (410 Gone, as the HTTP status or as an ERROR event) throws
    /// <see cref="KubeApiException"/> with status 410.
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(string path, string resourceVersion, CancellationToken cancellationToken);
}
