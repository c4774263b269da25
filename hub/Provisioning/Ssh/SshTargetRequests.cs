namespace PiController.Hub.Provisioning.Ssh;

/// <summary>
/// The body of <c>POST /api/v1/ssh-targets</c>. The CLI fills the secrets from a file (<c>--key</c>) and stdin
/// (<c>--password-stdin</c>, <c>--sudo-password-stdin</c>), never from its argument list; the hub seals them at once.
/// </summary>
/// <param name="Name">The target's name (letters, digits, '.', '-', '_').</param>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">Null: 22.</param>
/// <param name="User">The login user.</param>
/// <param name="PrivateKey">The private key text, for key auth (exactly one of it and <paramref name="Password"/>).</param>
/// <param name="Password">The login password, for password auth.</param>
/// <param name="SudoPassword">The sudo password; null: the user is root or has NOPASSWD.</param>
/// <param name="Jumps">Jump hosts, first hop first: names of other targets.</param>
internal sealed record SshTargetCreateRequest(string Name, string Host, int? Port, string User, string? PrivateKey, string? Password,
    string? SudoPassword, IReadOnlyList<string>? Jumps)
{
    public override string ToString() => $"SshTargetCreateRequest({Name}, {User}@{Host}:{Port})";
}

/// <summary>The body of <c>POST /api/v1/ssh-targets/{name}/accept-key</c>: the host key to trust from now on.</summary>
/// <param name="Fingerprint"><c>SHA256:…</c> as the error of the changed key (or <c>ssh-keygen -lf</c>) shows it.</param>
internal sealed record SshAcceptKeyRequest(string Fingerprint);
