namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>A test on the shared provisioning hosts: skipped, naming what is missing, as <see cref="ProvisioningFixture"/> says.</summary>
internal sealed class ProvisioningFactAttribute : FactAttribute
{
    public ProvisioningFactAttribute()
    {
        Skip = ProvisioningFixture.MissingPrerequisite();
    }
}
