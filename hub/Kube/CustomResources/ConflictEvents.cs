using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Informers;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// A conflict as a Kubernetes Event on the custom resource (core v1, type Warning), so kubectl describe and
/// kubectl get events show it. The same conflict again (same object, reason and message) counts up the one Event
/// (count, lastTimestamp), as the kubelet does, instead of adding another.
/// </summary>
internal sealed class ConflictEvents(TimeProvider time)
{
    public const string Component = "pi-controller";

    private static readonly KubeKind EventKind = new("Event", "", "v1", "events", true);

    public async Task RecordAsync(IKubeApi api, CustomResourceObject cr, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var uid = cr.Cached.Uid;
        var name = $"{cr.Name}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{uid}/{reason}/{message}")))[..16]}";
        var item = EventKind.ObjectPath(cr.Namespace, name);
        var collection = item[..item.LastIndexOf('/')];
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = cr.Namespace },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = CustomResourceKinds.ApiVersion,
                ["kind"] = cr.Kind.Kind,
                ["namespace"] = cr.Namespace,
                ["name"] = cr.Name,
                ["uid"] = uid,
                ["resourceVersion"] = cr.Cached.ResourceVersion,
            },
            ["reason"] = reason,
            ["message"] = message,
            ["type"] = "Warning",
            ["source"] = new JsonObject { ["component"] = Component },
            ["reportingComponent"] = Component,
            ["reportingInstance"] = Component,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        };
        try
        {
            (await api.SendAsync(HttpMethod.Post, collection, body.ToJsonString(), "application/json", cancellationToken).ConfigureAwait(false)).Dispose();
        }
        catch (KubeApiException e) when (e.Status == HttpStatusCode.Conflict)
        {
            using var existing = await api.GetAsync(item, cancellationToken).ConfigureAwait(false);
            var count = existing is not null && existing.RootElement.TryGetProperty("count", out var c) && c.TryGetInt32(out var n) ? n : 1;
            var patch = new JsonObject { ["count"] = count + 1, ["lastTimestamp"] = now };
            (await api.SendAsync(HttpMethod.Patch, item, patch.ToJsonString(), "application/merge-patch+json", cancellationToken).ConfigureAwait(false)).Dispose();
        }
    }
}
