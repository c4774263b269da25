namespace PiController.Hub.Tests.Provisioning.Ssh;

/// <summary>A test against a real sshd (<see cref="Sshd"/>); skipped, with the reason, where sshd cannot run.</summary>
internal sealed class SshdFactAttribute : FactAttribute
{
    public SshdFactAttribute() => Skip = Sshd.Unavailable;
}
