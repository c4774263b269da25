namespace PiController.Hub.Provisioning.Ssh;

/// <summary>
/// Trust on first use, then only that key: the first connection to a target records its host key
/// (<see cref="SshTargetStore.PinOnFirstUse"/>); every later one must show the same SHA256 fingerprint, else the work
/// stops before anything is sent (no credential either: the check happens during key exchange, before
/// authentication).
/// </summary>
internal static class HostKeyPin
{
    public enum Verdict
    {
        /// <summary>Nothing pinned yet: this key is recorded and trusted.</summary>
        FirstUse,

        /// <summary>The pinned key.</summary>
        Match,

        /// <summary>Another key than the pinned one: refused.</summary>
        Changed,
    }

    /// <param name="pinned">The target's pinned key, or null.</param>
    /// <param name="fingerprint">The key the host showed, <c>SHA256:…</c>.</param>
    public static Verdict Judge(SshHostKey? pinned, string fingerprint) =>
        pinned is null ? Verdict.FirstUse : string.Equals(pinned.Fingerprint, fingerprint, StringComparison.Ordinal) ? Verdict.Match : Verdict.Changed;

    /// <summary>SSH.NET gives the base64 without padding and without the prefix ssh adds.</summary>
    public static string Fingerprint(string sha256Base64) => "SHA256:" + sha256Base64.TrimEnd('=');

    /// <summary>What stops the work: which key was expected, which was seen, and the exact command that accepts it.</summary>
    public static string ChangedMessage(SshTarget target, string algorithm, string fingerprint) =>
        $"the host key of ssh target {target.Name} ({target.Host}:{target.Port}) has changed: expected {target.HostKey}, the host showed {algorithm} {fingerprint}. " +
        $"Nothing was sent. If the host was reinstalled (new keys), accept the new key: pi-controller ssh accept-key {target.Name} --fingerprint {fingerprint}; " +
        "otherwise something is in between: check the host's key on its console with ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub";
}
