namespace PiController.Integration.Tests;

/// <summary>A test on whole test hosts: skipped, naming what is missing, unless it runs as root with systemd-nspawn and debootstrap and the published agent.</summary>
internal sealed class HostLabFactAttribute : FactAttribute
{
    public HostLabFactAttribute() => Skip = AgentTransportHostTests.MissingPrerequisite();
}
