using PiController.Hub.Kube.Informers;

namespace PiController.Hub.Kube.Quotas;

/// <summary>The kinds the quota part watches, and how the hub marks the objects it owns.</summary>
internal static class QuotaKinds
{
    public static readonly KubeKind ResourceQuotas = new("ResourceQuota", "", "v1", "resourcequotas", true);
    public static readonly KubeKind LimitRanges = new("LimitRange", "", "v1", "limitranges", true);

    /// <summary>The name of the hub's ResourceQuota and LimitRange in each namespace of the policy.</summary>
    public const string ObjectName = "pi-controller";

    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedBy = "pi-controller";

    /// <summary>The collection of a core kind in a namespace (where a new object is POSTed).</summary>
    public static string Collection(KubeKind kind, string ns) => $"/api/{kind.Version}/namespaces/{Uri.EscapeDataString(ns)}/{kind.Plural}";
}
