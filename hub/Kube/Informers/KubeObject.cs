using System.Text.Json;

namespace PiController.Hub.Kube.Informers;

/// <summary>
/// An object as the informer's cache holds it: its identity and versions read from metadata, and its JSON as the
/// API sent it (a part deserializes what it needs: KubernetesJson for built-in kinds, its own context for custom ones).
/// </summary>
internal sealed record KubeObject(string Namespace, string Name, string Uid, string ResourceVersion, long Generation, JsonElement Json)
{
    /// <summary>NAMESPACE/NAME, or NAME for a cluster-scoped object: the cache's and the work queue's key.</summary>
    public string Key => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
