using PiController.Hub.Provisioning.Ssh;

namespace PiController.Hub.Cli;

/// <summary>SSH targets as <c>ssh ls</c> and <c>ssh get</c> print them: never a credential (the hub does not send one).</summary>
internal static class SshTargetText
{
    public static string Table(IReadOnlyList<SshTarget> targets, bool wide) => targets.Count == 0
        ? "No SSH targets. Add one: pi-controller ssh add pi-01 --host 10.0.0.5 --user pi --key ~/.ssh/id_ed25519"
        : TextTable.Render(["NAME", "ADDRESS", "AUTH", "SUDO", "JUMPS", "HOST KEY"], targets.Select(t => new[]
        {
            t.Name, t.Address, t.Auth, t.Sudo, t.Jumps.Count == 0 ? "-" : string.Join(",", t.Jumps),
            t.HostKey is null ? "not pinned yet" : wide ? t.HostKey.ToString() : t.HostKey.Fingerprint,
        }));

    public static string Describe(SshTarget target) => string.Join('\n',
        $"Name:      {target.Name}",
        $"Address:   {target.Address}",
        $"Auth:      {target.Auth}",
        $"Sudo:      {target.Sudo}",
        $"Jumps:     {(target.Jumps.Count == 0 ? "none" : string.Join(" -> ", target.Jumps))}",
        $"Host key:  {(target.HostKey is { } key ? $"{key} (pinned {TextTable.Time(key.PinnedAt)})" : "not pinned yet: the first connection records it")}",
        $"Added:     {TextTable.Time(target.CreatedAt)}");
}
