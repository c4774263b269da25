using PiController.Hub.Kube.Manager;

namespace PiController.Hub.Kube.Import;

/// <summary>POST /api/v1/clusters/import: a name and the kubeconfig's text (read by the CLI; the file's path never reaches the hub).</summary>
internal sealed record ImportClusterRequest(string Name, string Kubeconfig)
{
    /// <summary>Never the kubeconfig: a record's default text would print it.</summary>
    public override string ToString() => $"ImportClusterRequest {{ Name = {Name} }}";
}

/// <summary>An imported cluster: where its API is, its version, each of its nodes with the hub node it matched, and what deleting it does.</summary>
internal sealed record ImportedClusterView(string Name, string Server, string Version, IReadOnlyList<NodeMatch> Nodes, string Note)
{
    public const string DeleteNote = "the hub did not build this cluster, so it never uninstalls it: pi-controller cluster delete forgets it and K3s keeps running on its nodes";
}
