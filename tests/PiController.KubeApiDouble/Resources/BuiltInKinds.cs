namespace PiController.KubeApiDouble.Resources;

/// <summary>The built-in resources the double serves, as the API server lists them in discovery.</summary>
internal static class BuiltInKinds
{
    public static readonly ResourceKind Namespaces = Core("namespaces", "namespace", "Namespace", false, ["ns"], true);
    public static readonly ResourceKind Nodes = Core("nodes", "node", "Node", false, ["no"], true);
    public static readonly ResourceKind Pods = Core("pods", "pod", "Pod", true, ["po"], true);
    public static readonly ResourceKind Events = Core("events", "event", "Event", true, ["ev"], false);
    public static readonly ResourceKind ResourceQuotas = Core("resourcequotas", "resourcequota", "ResourceQuota", true, ["quota"], true);
    public static readonly ResourceKind LimitRanges = Core("limitranges", "limitrange", "LimitRange", true, ["limits"], false);
    public static readonly ResourceKind ConfigMaps = Core("configmaps", "configmap", "ConfigMap", true, ["cm"], false);
    public static readonly ResourceKind Secrets = Core("secrets", "secret", "Secret", true, [], false);

    public static readonly ResourceKind Leases = new("coordination.k8s.io", ["v1"], "leases", "lease", "Lease", true, [], false);

    public static readonly ResourceKind PodDisruptionBudgets =
        new("policy", ["v1"], "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, ["pdb"], true);

    public static readonly ResourceKind CustomResourceDefinitions =
        new("apiextensions.k8s.io", ["v1"], "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false, ["crd", "crds"], true);

    public static IReadOnlyList<ResourceKind> All { get; } =
        [Namespaces, Nodes, Pods, Events, ResourceQuotas, LimitRanges, ConfigMaps, Secrets, Leases, PodDisruptionBudgets, CustomResourceDefinitions];

    /// <summary>The groups served even before any CRD, in the order /apis lists them.</summary>
    public static IReadOnlyList<string> Groups { get; } = ["apiextensions.k8s.io", "coordination.k8s.io", "policy"];

    private static ResourceKind Core(string plural, string singular, string kind, bool namespaced, string[] shortNames, bool status) =>
        new("", ["v1"], plural, singular, kind, namespaced, shortNames, status);
}
