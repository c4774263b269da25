namespace PiController.Hub.Provisioning.Ssh;

/// <summary>Bounds of every SSH connection the hub makes: nothing waits forever on a host that went away.</summary>
/// <param name="ConnectTimeout">TCP connect, key exchange and authentication, per hop.</param>
/// <param name="KeepAlive">How often an idle connection sends a keepalive (a dead link is noticed instead of hanging).</param>
/// <param name="StepTimeout">The longest a step's command may run.</param>
/// <param name="TransferTimeout">The longest placing a release file (hundreds of MB over a Pi's link) may take.</param>
internal sealed record SshTransportOptions(TimeSpan ConnectTimeout, TimeSpan KeepAlive, TimeSpan StepTimeout, TimeSpan TransferTimeout)
{
    public static readonly SshTransportOptions Default = new(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(60));
}
