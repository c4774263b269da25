using PiController.Testing.Hosts;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// A test on whole test hosts (systemd-nspawn containers, <see cref="HostLab"/>): skipped, naming what is missing,
/// unless it runs as root with systemd-nspawn and debootstrap installed (scripts/test installs them), and, when it
/// installs the agent's package, the published NativeAOT agent.
/// </summary>
internal sealed class HostsFactAttribute : FactAttribute
{
    public HostsFactAttribute(bool agent = false)
    {
        Skip = HostLab.MissingPrerequisite() ?? (agent ? AgentPackage.MissingPrerequisite() : null);
    }
}
