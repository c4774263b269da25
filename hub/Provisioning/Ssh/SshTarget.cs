namespace PiController.Hub.Provisioning.Ssh;

/// <summary>
/// A host the hub reaches over SSH (a Pi without an agent): where, as whom, how it authenticates, through which jump
/// hosts, and the host key pinned on first use. Holds no secret: the credentials stay sealed in the store
/// (<see cref="SshCredentials"/>), so this record is what lists, answers and plans show.
/// </summary>
/// <param name="Name">The target's name; a plan names it <c>ssh:NAME</c>.</param>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">TCP port of its sshd.</param>
/// <param name="User">The login user.</param>
/// <param name="Auth"><c>key</c> or <c>password</c>.</param>
/// <param name="Sudo">How steps become root: <c>root</c> (the user is root), <c>password</c> (<c>sudo -S</c> with the stored password on stdin) or <c>nopasswd</c> (<c>sudo -n</c>).</param>
/// <param name="Jumps">The jump hosts, first hop first (a ProxyJump chain): names of other targets.</param>
/// <param name="HostKey">The pinned host key; null until the first connection records it.</param>
/// <param name="CreatedAt">When it was added.</param>
internal sealed record SshTarget(string Name, string Host, int Port, string User, string Auth, string Sudo, IReadOnlyList<string> Jumps,
    SshHostKey? HostKey, DateTimeOffset CreatedAt)
{
    /// <summary>As a plan and an error name it: <c>ssh pi@10.77.5.2:22</c>.</summary>
    public string Address => AddressOf(User, Host, Port);

    /// <summary>user@host:port, an IPv6 host in brackets.</summary>
    public static string AddressOf(string user, string host, int port) => $"{user}@{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}";
}

/// <summary>A host key as <c>ssh</c> shows it: the algorithm (<c>ssh-ed25519</c>) and <c>SHA256:</c> with the unpadded base64 of its hash.</summary>
/// <param name="Algorithm">ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa ...; empty when accepted by fingerprint before it was seen.</param>
/// <param name="Fingerprint"><c>SHA256:…</c>.</param>
/// <param name="PinnedAt">When it was recorded or accepted.</param>
internal sealed record SshHostKey(string Algorithm, string Fingerprint, DateTimeOffset PinnedAt)
{
    public override string ToString() => Algorithm.Length == 0 ? Fingerprint : $"{Algorithm} {Fingerprint}";
}

/// <summary>What a target authenticates with, opened from its sealed columns only to connect; never serialized, logged or returned.</summary>
/// <param name="PrivateKey">The private key text (OpenSSH or PEM), for <c>key</c> auth.</param>
/// <param name="Password">The login password, for <c>password</c> auth.</param>
/// <param name="SudoPassword">The password <c>sudo -S</c> reads on stdin, when the target has one.</param>
internal sealed record SshCredentials(string? PrivateKey, string? Password, string? SudoPassword)
{
    public override string ToString() => "SshCredentials(********)";
}
