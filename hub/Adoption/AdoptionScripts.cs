using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Ssh;
using PiController.Hub.Security;

namespace PiController.Hub.Adoption;

/// <summary>
/// The pure builder of an adoption: the exact scripts that turn a Pi reached over SSH into an agent node, tested as
/// exact strings. Files are written by <see cref="SshStepScripts"/>'s idempotent write (content on stdin, replaced
/// only when it differs); apt reads the hub's source alone for its update, trusts the hub's CA for the hub's host
/// only and the hub's key for that source only; agent.conf (0600) carries the join token, which goes over stdin.
/// </summary>
internal static class AdoptionScripts
{
    public const string Package = "pi-controller-agent";
    public const string Unit = "pi-agent";
    public const string CaPath = "/etc/pi-controller/hub-ca.crt";
    public const string KeyringPath = "/etc/apt/keyrings/pi-controller.asc";
    public const string AptConfigPath = "/etc/apt/apt.conf.d/60pi-controller";
    public const string SourcesPath = "/etc/apt/sources.list.d/pi-controller.sources";
    public const string AgentConfigPath = "/etc/pi-controller/agent.conf";

    private const UnixFileMode Public = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const string Changed = "echo " + SshStep.Changed;
    private const string Unchanged = "echo " + SshStep.Unchanged;

    /// <summary>Run as the login user before anything changes: the Debian architecture, the hostname, and what the agent takes its node id from.</summary>
    public const string FactsScript = """
        echo "arch=$(dpkg --print-architecture 2>/dev/null)"
        echo "hostname=$(hostname)"
        echo "serial-dt=$(tr -d '\000' </proc/device-tree/serial-number 2>/dev/null)"
        echo "serial-cpu=$(sed -n 's/^Serial[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)"
        echo "machine-id=$(cat /etc/machine-id 2>/dev/null)"
        """;

    public static IReadOnlyList<AdoptionStep> Steps(AdoptionInputs inputs) =>
    [
        Write($"write the hub's CA certificate to {CaPath}", CaPath, FileContent.Plain(inputs.CaCertificatePem), Public),
        Write($"write the hub's apt signing key to {KeyringPath}", KeyringPath, FileContent.Plain(inputs.AptPublicKey), Public),
        Write($"trust the hub's CA for https://{inputs.Hub.Host} in {AptConfigPath}", AptConfigPath, FileContent.Plain(AptConfig(inputs.Hub)), Public),
        Write($"add the hub's apt source {SourcesPath}", SourcesPath, FileContent.Plain(Sources(inputs.Hub)), Public),
        new($"apt-get update from the hub's source only", Update),
        new($"apt-get install -y {Package}", Install),
        Write($"write {AgentConfigPath} (0600) with the hub and a single-use join token", AgentConfigPath, AgentConfig(inputs.Hub, inputs.Token), Private),
        new($"systemctl enable {Unit} and restart it", Start),
    ];

    /// <summary>Apt trusts the hub's CA for the hub's host only; every other https source keeps the system's CAs.</summary>
    public static string AptConfig(Uri hub) => $"Acquire::https::{hub.Host}::CaInfo \"{CaPath}\";\n";

    /// <summary>The deb822 source. No Check-Date: a Pi without a real-time clock may boot behind the hub's clock.</summary>
    public static string Sources(Uri hub) => $"""
        Types: deb
        URIs: {Root(hub)}/apt
        Suites: stable
        Components: main
        Signed-By: {KeyringPath}
        Check-Date: no

        """;

    /// <summary>agent.conf as the agent reads it; the token is a secret part (a dry-run, event or log shows it masked).</summary>
    public static FileContent AgentConfig(Uri hub, JoinToken token) => new FileContent.Builder()
        .Append($"# Written by pi-controller adopt. The join token is single-use and short-lived.\nhub = {Root(hub)}\ntoken = ")
        .AppendSecret(token.ToString(), $"{JoinToken.Prefix}{token.CaFingerprint}::{token.Id}.{Provisioning.Trust.Secret.Mask}")
        .Append("\n")
        .Build();

    private static readonly string Update = string.Join('\n',
        "set -e",
        $"apt-get update --error-on=any -o Dir::Etc::SourceList={SourcesPath} -o Dir::Etc::SourceParts=- -o APT::Get::List-Cleanup=0",
        Changed);

    private static readonly string Install = string.Join('\n',
        "set -e",
        $"before=$(dpkg-query -W -f='${{Status}} ${{Version}}' {Package} 2>/dev/null || true)",
        $"DEBIAN_FRONTEND=noninteractive apt-get install -y -o Dpkg::Options::=--force-confold {Package}",
        $"after=$(dpkg-query -W -f='${{Status}} ${{Version}}' {Package})",
        $"if [ \"$before\" = \"$after\" ]; then {Unchanged}; else {Changed}; fi");

    private static readonly string Start = string.Join('\n',
        "set -e",
        $"systemctl enable --quiet {Unit}",
        $"systemctl restart {Unit}",
        Changed);

    private static string Root(Uri hub) => hub.GetLeftPart(UriPartial.Authority);

    private static AdoptionStep Write(string description, string path, FileContent content, UnixFileMode mode) =>
        new(description, SshStepScripts.For(new WriteFile(path, content, mode, FileKind.Config), new HashSet<string>()).Script, content);
}
