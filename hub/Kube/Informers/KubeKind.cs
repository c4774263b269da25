namespace PiController.Hub.Kube.Informers;

/// <summary>A kind the cluster manager watches: its API group ("" for the core group), version, plural and scope.</summary>
internal sealed record KubeKind(string Kind, string Group, string Version, string Plural, bool Namespaced)
{
    public static readonly KubeKind Nodes = new("Node", "", "v1", "nodes", false);
    public static readonly KubeKind Pods = new("Pod", "", "v1", "pods", true);

    /// <summary>The list (and watch) path across all namespaces: /api/v1/nodes, /apis/GROUP/VERSION/PLURAL.</summary>
    public string ListPath => Group.Length == 0 ? $"/api/{Version}/{Plural}" : $"/apis/{Group}/{Version}/{Plural}";

    /// <summary>The path of one object (namespace empty for cluster-scoped kinds).</summary>
    public string ObjectPath(string? ns, string name)
    {
        var prefix = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return Namespaced ? $"{prefix}/namespaces/{Uri.EscapeDataString(ns ?? "default")}/{Plural}/{Uri.EscapeDataString(name)}" : $"{prefix}/{Plural}/{Uri.EscapeDataString(name)}";
    }

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
