namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>
/// A kubectl test run against the real cluster KUBECONFIG names (the same scenarios that keep the API double
/// honest); skipped, saying so, when KUBECONFIG is unset or kubectl is missing.
/// </summary>
internal sealed class RealClusterFactAttribute : FactAttribute
{
    public RealClusterFactAttribute()
    {
        Skip = !File.Exists(KubectlCluster.Binary) ? $"needs kubectl at {KubectlCluster.Binary}"
            : Kubeconfig is null ? "runs against a real cluster only: set KUBECONFIG to its kubeconfig file (the same scenarios run against the API double anyway)"
            : null;
    }

    /// <summary>The first file of KUBECONFIG, when it exists.</summary>
    public static string? Kubeconfig =>
        Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(File.Exists);
}
