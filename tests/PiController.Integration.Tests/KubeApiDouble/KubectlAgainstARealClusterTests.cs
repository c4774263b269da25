namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>
/// The kubectl scenarios of <see cref="KubectlAgainstTheDoubleTests"/> against the real cluster KUBECONFIG names,
/// each in a namespace of its own (removed afterwards, with the test CRD). Draining is left out: it would evict the
/// real node's workloads.
/// </summary>
public sealed class KubectlAgainstARealClusterTests
{
    [RealClusterFact]
    public async Task Kubectl_get_and_describe_show_namespaces_and_a_custom_resource_with_its_printer_columns()
    {
        await using var cluster = await KubectlCluster.RealAsync();
        await KubectlScenarios.GetAndDescribeAsync(cluster);
    }

    [RealClusterFact]
    public async Task Kubectl_apply_creates_and_configures_a_custom_resource_and_reports_schema_errors_and_apply_conflicts()
    {
        await using var cluster = await KubectlCluster.RealAsync();
        await KubectlScenarios.ApplyAsync(cluster);
    }

    [RealClusterFact]
    public async Task Kubectl_get_watch_prints_a_change_made_meanwhile()
    {
        await using var cluster = await KubectlCluster.RealAsync();
        await KubectlScenarios.WatchAsync(cluster);
    }

    [RealClusterFact]
    public async Task Kubectl_delete_leaves_an_object_with_a_finalizer_until_the_finalizer_is_removed()
    {
        await using var cluster = await KubectlCluster.RealAsync();
        await KubectlScenarios.FinalizersAsync(cluster);
    }
}
