namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>Debian's kubectl against the Kubernetes API double: what keeps the double honest.</summary>
public sealed class KubectlAgainstTheDoubleTests
{
    [KubectlFact]
    public async Task Kubectl_get_and_describe_show_namespaces_and_a_custom_resource_with_its_printer_columns()
    {
        await using var cluster = await KubectlCluster.DoubleAsync();
        await KubectlScenarios.GetAndDescribeAsync(cluster);
    }

    [KubectlFact]
    public async Task Kubectl_apply_creates_and_configures_a_custom_resource_and_reports_schema_errors_and_apply_conflicts()
    {
        await using var cluster = await KubectlCluster.DoubleAsync();
        await KubectlScenarios.ApplyAsync(cluster);
    }

    [KubectlFact]
    public async Task Kubectl_get_watch_prints_a_change_made_meanwhile()
    {
        await using var cluster = await KubectlCluster.DoubleAsync();
        await KubectlScenarios.WatchAsync(cluster);
    }

    [KubectlFact]
    public async Task Kubectl_delete_leaves_an_object_with_a_finalizer_until_the_finalizer_is_removed()
    {
        await using var cluster = await KubectlCluster.DoubleAsync();
        await KubectlScenarios.FinalizersAsync(cluster);
    }

    [KubectlFact]
    public async Task Kubectl_drain_is_held_by_a_disruption_budget_and_evicts_once_the_budget_allows()
    {
        await using var cluster = await KubectlCluster.DoubleAsync();
        await DrainScenario.RunAsync(cluster);
    }
}
