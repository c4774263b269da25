using PiController.Hub.Kube.Informers;

namespace PiController.Hub.Kube.Manager;

/// <summary>A unit of a cluster's work queue: which part, which kind (null for a part's own key) and which key. Equal items coalesce.</summary>
internal sealed record WorkItem(string Part, KubeKind? Kind, string Key);
