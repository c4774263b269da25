using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PiController.Hub.Kube.Client;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// Puts the CustomResourceDefinitions of deploy/crds into a cluster: creates a missing one, replaces one whose spec
/// differs from the hub's (an older hub's), leaves an equal one alone, then waits until each is Established (the
/// API serves its kind only then).
/// </summary>
internal sealed partial class CrdInstaller(TimeProvider time, ILogger<CrdInstaller> logger)
{
    private const string Path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    public static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(60);

    public async Task InstallAsync(IKubeApi api, CancellationToken cancellationToken)
    {
        foreach (var crd in CrdManifests.All)
        {
            await ApplyAsync(api, crd, cancellationToken).ConfigureAwait(false);
        }
        foreach (var crd in CrdManifests.All)
        {
            await WaitEstablishedAsync(api, crd, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ApplyAsync(IKubeApi api, CrdManifest crd, CancellationToken cancellationToken)
    {
        using var existing = await api.GetAsync($"{Path}/{crd.Name}", cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            try
            {
                (await api.SendAsync(HttpMethod.Post, Path, crd.Json, "application/json", cancellationToken).ConfigureAwait(false)).Dispose();
                LogCreated(logger, api.Cluster, crd.Name);
            }
            catch (KubeApiException e) when (e.Status == HttpStatusCode.Conflict)
            {
                // Created meanwhile (another hub, a person): the next start compares it.
            }
            return;
        }
        using var ours = JsonDocument.Parse(crd.Json);
        if (existing.RootElement.TryGetProperty("spec", out var spec) && JsonSubset.Contains(spec, ours.RootElement.GetProperty("spec")))
        {
            return;
        }
        var replacement = JsonNode.Parse(crd.Json)!.AsObject();
        replacement["metadata"]!["resourceVersion"] = existing.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        (await api.SendAsync(HttpMethod.Put, $"{Path}/{crd.Name}", replacement.ToJsonString(), "application/json", cancellationToken).ConfigureAwait(false)).Dispose();
        LogReplaced(logger, api.Cluster, crd.Name);
    }

    private async Task WaitEstablishedAsync(IKubeApi api, CrdManifest crd, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + EstablishTimeout;
        while (true)
        {
            using (var current = await api.GetAsync($"{Path}/{crd.Name}", cancellationToken).ConfigureAwait(false))
            {
                if (current is not null && Established(current.RootElement))
                {
                    return;
                }
            }
            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"cluster {api.Cluster}: the CustomResourceDefinition {crd.Name} was not Established within {EstablishTimeout.TotalSeconds:0} s; kubectl describe crd {crd.Name} shows why");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool Established(JsonElement crd) =>
        crd.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions) && conditions.ValueKind == JsonValueKind.Array
        && conditions.EnumerateArray().Any(c => c.TryGetProperty("type", out var t) && t.GetString() == "Established"
            && c.TryGetProperty("status", out var s) && s.GetString() == "True");

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster}: created the CustomResourceDefinition {Crd}")]
    private static partial void LogCreated(ILogger logger, string cluster, string crd);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster}: replaced the CustomResourceDefinition {Crd} with the hub's")]
    private static partial void LogReplaced(ILogger logger, string cluster, string crd);
}
