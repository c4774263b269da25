using PiController.EndToEnd.Tests.Provisioning;

namespace PiController.EndToEnd.Tests.Clusters;

/// <summary>A test on the cluster hosts: skipped, naming what is missing (the hosts' prerequisites, or Debian's kubectl).</summary>
internal sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        Skip = ProvisioningFixture.MissingPrerequisite() ?? LabKubectl.Missing;
    }
}
