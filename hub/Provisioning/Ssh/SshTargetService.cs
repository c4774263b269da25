using System.Text.RegularExpressions;
using PiController.Hub.Api;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>What REST and gRPC both offer on SSH targets: add, list, get, remove, accept a host key; each input is checked once here.</summary>
internal sealed partial class SshTargetService(SshTargetStore store)
{
    public const int DefaultPort = 22;
    private const int MaxSecretLength = 16 * 1024;
    private const int MaxJumps = 8;

    public SshTarget Add(SshTargetCreateRequest request)
    {
        var name = CheckName(request.Name);
        Check(request.Host is { Length: > 0 and <= 253 } host && HostPattern().IsMatch(host),
            "host must be a host name or an IP address, such as pi-01.local or 10.0.0.5");
        var port = request.Port ?? DefaultPort;
        Check(port is > 0 and <= 65535, $"port must be 1-65535, got {port}");
        Check(request.User is { Length: > 0 and <= 32 } user && UserPattern().IsMatch(user),
            "user must be a login name such as pi (letters, digits, '_', '-', '.')");
        Check((request.PrivateKey is null) != (request.Password is null),
            "give exactly one of a private key (pi-controller ssh add --key FILE) and a password (--password-stdin)");
        if (request.PrivateKey is { } key)
        {
            Check(key.Length <= MaxSecretLength, "the private key is longer than 16 KiB; give the key file itself (~/.ssh/id_ed25519)");
            SshKeys.Check(key);
        }
        Check(request.Password is null || IsSecretLine(request.Password), "the password must be one line of at most 16 KiB, not empty");
        Check(request.SudoPassword is null || IsSecretLine(request.SudoPassword),
            "the sudo password must be one line of at most 16 KiB, not empty (sudo -S reads it as the first line of stdin)");
        Check(request.SudoPassword is null || request.User != "root", "root needs no sudo password; leave out --sudo-password-stdin");
        var jumps = request.Jumps ?? [];
        Check(jumps.Count <= MaxJumps, $"a chain of at most {MaxJumps} jump hosts, got {jumps.Count}");
        foreach (var jump in jumps)
        {
            Check(CheckName(jump) != name, $"{name} cannot be its own jump host");
            Check(jumps.Count(j => j == jump) == 1, $"the jump host {jump} is named twice");
            if (store.Get(jump) is null)
            {
                throw new HubException(HubErrorKind.NotFound, $"no ssh target {jump} to jump through; add it first: pi-controller ssh add {jump} --host ... --user ...");
            }
        }
        if (!store.Add(request with { Name = name, Jumps = jumps }, port))
        {
            throw new HubException(HubErrorKind.AlreadyExists, $"the ssh target {name} exists already (pi-controller ssh get {name}); remove it first: pi-controller ssh rm {name}");
        }
        return store.Get(name)!;
    }

    public IReadOnlyList<SshTarget> List() => store.List();

    public SshTarget Get(string? name) => store.Get(CheckName(name)) ?? throw NotFound(name!);

    public SshTarget Delete(string? name)
    {
        var target = Get(name);
        var users = store.UsersOfJump(target.Name);
        if (users.Count > 0)
        {
            throw new HubException(HubErrorKind.Conflict,
                $"{target.Name} is a jump host of {string.Join(", ", users)}; remove {(users.Count == 1 ? "that target" : "those targets")} first (pi-controller ssh rm {users[0]})");
        }
        store.Delete(target.Name);
        return target;
    }

    /// <summary>Trusts a new host key (the host was reinstalled): the next connection accepts that key, and only that one.</summary>
    public SshTarget AcceptKey(string? name, string? fingerprint)
    {
        var target = Get(name);
        Check(fingerprint is not null && FingerprintPattern().IsMatch(fingerprint),
            "--fingerprint must be a SHA256 fingerprint as ssh shows it, such as SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og");
        store.Accept(target.Name, fingerprint!);
        return store.Get(target.Name)!;
    }

    public static string CheckName(string? name)
    {
        Check(name is { Length: > 0 and <= 63 } n && NamePattern().IsMatch(n),
            $"\"{TextRules.Excerpt(name, 40)}\" is not an ssh target name: use letters, digits, '.', '-' and '_', starting with a letter or digit (at most 63)");
        return name!;
    }

    private static HubException NotFound(string name) =>
        new(HubErrorKind.NotFound, $"no ssh target {name}; pi-controller ssh ls lists them, pi-controller ssh add {name} --host ... --user ... adds one");

    private static bool IsSecretLine(string value) => value.Length is > 0 and <= MaxSecretLength && !value.Contains('\n') && !value.Contains('\r');

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new HubException(HubErrorKind.Invalid, message);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9_.:%][A-Za-z0-9_.:%-]*$")]
    private static partial Regex HostPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*$")]
    private static partial Regex UserPattern();

    [GeneratedRegex("^SHA256:[A-Za-z0-9+/]{43}$")]
    private static partial Regex FingerprintPattern();
}
