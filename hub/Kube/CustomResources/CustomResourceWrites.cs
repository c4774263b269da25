using System.Text.Json.Nodes;
using PiController.Hub.Kube.Client;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// The projection's writes to a custom resource: its finalizers (a merge patch that carries the resourceVersion it
/// read, so a concurrent change answers 409 and the key is tried again) and its status (a merge patch of /status).
/// </summary>
internal static class CustomResourceWrites
{
    private const string MergePatch = "application/merge-patch+json";

    public static async Task SetFinalizersAsync(IKubeApi api, CustomResourceObject cr, IEnumerable<string> finalizers, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
                ["resourceVersion"] = cr.Cached.ResourceVersion,
            },
        };
        (await api.SendAsync(HttpMethod.Patch, cr.Kind.ObjectPath(cr.Namespace, cr.Name), patch.ToJsonString(), MergePatch, cancellationToken).ConfigureAwait(false)).Dispose();
    }

    public static async Task PatchStatusAsync(IKubeApi api, CustomResourceObject cr, string patch, CancellationToken cancellationToken) =>
        (await api.SendAsync(HttpMethod.Patch, cr.Kind.ObjectPath(cr.Namespace, cr.Name) + "/status", patch, MergePatch, cancellationToken).ConfigureAwait(false)).Dispose();
}
