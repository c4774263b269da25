namespace PiController.K3sStandIn.Api;

/// <summary>
/// What a kubelet may change, as the API server's Node authorizer and NodeRestriction admission allow it: its own
/// Node (and its status), its own Lease in kube-node-lease, the status of pods bound to it, and Events. It may read
/// anything but Secrets. A request is described by its method, its path and, for a create, the name in its body.
/// </summary>
internal static class NodeWrites
{
    private const string LeasePath = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";

    /// <param name="method">the HTTP method.</param>
    /// <param name="path">the request path, /api/... or /apis/...</param>
    /// <param name="node">the kubelet's node name.</param>
    /// <param name="createdName">metadata.name of the body of a POST, when it has one.</param>
    /// <param name="podNode">spec.nodeName of the pod a pods/NAME/status path names (null when there is no such pod).</param>
    public static bool Allows(string method, string path, string node, string? createdName, Func<string, string, string?> podNode)
    {
        var segments = path.Trim('/').Split('/');
        if (method is "GET" or "HEAD")
        {
            return !segments.Contains("secrets");
        }
        if (path == "/api/v1/nodes" || path == LeasePath)
        {
            return method == "POST" && createdName == node;
        }
        if (path == $"/api/v1/nodes/{node}" || path == $"/api/v1/nodes/{node}/status" || path == $"{LeasePath}/{node}")
        {
            return method is "PUT" or "PATCH" or "DELETE";
        }
        if (method == "POST" && (segments is ["api", "v1", "namespaces", _, "events"] or ["apis", "events.k8s.io", "v1", "namespaces", _, "events"]))
        {
            return true;
        }
        return method is "PUT" or "PATCH" && segments is ["api", "v1", "namespaces", var ns, "pods", var pod, "status"] && podNode(ns, pod) == node;
    }
}
