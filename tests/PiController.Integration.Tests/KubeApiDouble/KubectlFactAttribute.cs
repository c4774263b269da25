namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>A kubectl test against the API double: skipped, saying so, when kubectl is not installed.</summary>
internal sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute() => Skip = File.Exists(KubectlCluster.Binary) ? null : $"needs kubectl at {KubectlCluster.Binary} (apt-get install kubernetes-client)";
}
