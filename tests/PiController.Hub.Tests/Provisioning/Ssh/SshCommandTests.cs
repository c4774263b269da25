using System.Net;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Security;
using PiController.Hub.Tests.Cli;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Tests.Provisioning.Ssh;

/// <summary><c>pi-controller ssh add|ls|get|rm|accept-key</c>, run in process against a hub as serve composes it, and the same operations over gRPC.</summary>
public sealed class SshCommandTests : IAsyncLifetime
{
    private const string LoginPassword = "login-pw-5c1e9";
    private const string SudoPassword = "sudo-pw-0a77d";
    private readonly TempDirectory _directory = new();
    private InProcessHub _hub = null!;
    private HubCli _cli = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync();
        _cli = new HubCli(_hub, _hub.Token(ApiRole.Admin));
        _key = _directory.File("id_ed25519");
        (await Run.Async("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", _key)).Ok("ssh-keygen");
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _directory.Dispose();
    }

    private Task<(int Code, string Output, string Error)> RunAsync(string stdin, params string[] arguments) => _cli.RunWithInputAsync(stdin, arguments);

    [Fact]
    public async Task Added_targets_keep_their_credentials_sealed_and_no_answer_shows_them()
    {
        var byKey = await RunAsync("", "ssh", "add", "bastion", "--host", "10.0.0.1", "--user", "pi", "--key", _key);
        var byPassword = await RunAsync($"{LoginPassword}\n{SudoPassword}\n", "ssh", "add", "pi-02", "--host", "10.0.0.6", "--port", "2222", "--user", "pi",
            "--password-stdin", "--sudo-password-stdin", "--jump", "bastion");

        Assert.Equal((0, "ssh target bastion added (pi@10.0.0.1:22); its host key is pinned on the first connection (pi-controller ssh get bastion shows it)\n", ""), byKey);
        Assert.Equal(0, byPassword.Code);
        var table = (await RunAsync("", "ssh", "ls")).Output.Split('\n');
        Assert.Equal(["NAME", "ADDRESS", "AUTH", "SUDO", "JUMPS", "HOST", "KEY"], table[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["pi-02", "pi@10.0.0.6:2222", "password", "password", "bastion", "not", "pinned", "yet"], table[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var json = (await RunAsync("", "ssh", "get", "pi-02", "--json")).Output;
        Assert.Equal(["name", "host", "port", "user", "auth", "sudo", "jumps", "hostKey", "createdAt", "address"],
            JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name));
        var stored = string.Join('\n', _hub.Database.Query("SELECT credential || ' ' || coalesce(sudo_password, '') FROM ssh_targets", r => r.GetString(0)));
        var privateKey = File.ReadAllText(_key);
        foreach (var secret in new[] { LoginPassword, SudoPassword, privateKey.Split('\n')[1] })
        {
            Assert.DoesNotContain(secret, json + string.Join('\n', table) + stored, StringComparison.Ordinal);
        }
        var store = _hub.App.Services.GetRequiredService<Hub.Provisioning.Ssh.SshTargetStore>();
        Assert.Equal(new Hub.Provisioning.Ssh.SshCredentials(null, LoginPassword, SudoPassword), store.Credentials("pi-02"));
        Assert.Equal(privateKey, store.Credentials("bastion").PrivateKey);
    }

    [Fact]
    public async Task A_jump_host_in_use_is_not_removed_and_a_removed_target_is_gone()
    {
        await RunAsync("", "ssh", "add", "bastion", "--host", "10.0.0.1", "--user", "pi", "--key", _key);
        await RunAsync("", "ssh", "add", "pi-03", "--host", "10.0.0.7", "--user", "pi", "--key", _key, "--jump", "bastion");

        var refused = await RunAsync("", "ssh", "rm", "bastion");
        var removed = await RunAsync("", "ssh", "rm", "pi-03");
        var gone = await RunAsync("", "ssh", "get", "pi-03");

        Assert.Equal((1, "", "pi-controller: Refused: bastion is a jump host of pi-03; remove that target first (pi-controller ssh rm pi-03)\n"), refused);
        Assert.Equal((0, "ssh target pi-03 removed, with its credentials\n", ""), removed);
        Assert.Equal((1, "pi-controller: Not found: no ssh target pi-03; pi-controller ssh ls lists them, pi-controller ssh add pi-03 --host ... --user ... adds one\n"), (gone.Code, gone.Error));
        Assert.Equal(0L, _hub.Database.Query("SELECT count(*) FROM ssh_target_jumps", r => r.GetInt64(0)).Single());
    }

    [Fact]
    public async Task Bad_credentials_are_refused_with_what_to_give_instead()
    {
        var publicHalf = await RunAsync("", "ssh", "add", "pi-04", "--host", "10.0.0.8", "--user", "pi", "--key", _key + ".pub");
        var both = await RunAsync("pw\n", "ssh", "add", "pi-04", "--host", "10.0.0.8", "--user", "pi", "--key", _key, "--password-stdin");
        var noLine = await RunAsync("", "ssh", "add", "pi-04", "--host", "10.0.0.8", "--user", "pi", "--password-stdin");
        var unknownJump = await RunAsync("", "ssh", "add", "pi-04", "--host", "10.0.0.8", "--user", "pi", "--key", _key, "--jump", "nowhere");
        var badFingerprint = await RunAsync("", "ssh", "accept-key", "pi-04", "--fingerprint", "MD5:aa");

        Assert.Equal("pi-controller: Invalid request: the key file is not a private key SSH can use (OpenSSH or PEM, ed25519, ecdsa or rsa); give the private half, such as ~/.ssh/id_ed25519, not the .pub\n", publicHalf.Error);
        Assert.Equal("pi-controller: give exactly one of --key FILE and --password-stdin\n", both.Error);
        Assert.StartsWith("pi-controller: --password-stdin: stdin ended before a password line", noLine.Error, StringComparison.Ordinal);
        Assert.StartsWith("pi-controller: Not found: no ssh target nowhere to jump through", unknownJump.Error, StringComparison.Ordinal);
        Assert.StartsWith("pi-controller: Not found: no ssh target pi-04", badFingerprint.Error, StringComparison.Ordinal);
        Assert.All(new[] { publicHalf, both, noLine, unknownJump, badFingerprint }, r => Assert.NotEqual(0, r.Code));
        Assert.Empty(_hub.Database.Query("SELECT name FROM ssh_targets", r => r.GetString(0)));
    }

    [Fact]
    public async Task Over_gRPC_an_admin_adds_and_accepts_a_key_and_a_viewer_only_reads()
    {
        var admin = new ApiV1.SshTargets.SshTargetsClient(_hub.Grpc(_hub.Token(ApiRole.Admin)));
        var viewer = new ApiV1.SshTargets.SshTargetsClient(_hub.Grpc(_hub.Token(ApiRole.Viewer)));
        var request = new ApiV1.AddSshTargetRequest { Name = "pi-05", Host = "10.0.0.9", User = "root", PrivateKey = await File.ReadAllTextAsync(_key) };

        var added = await admin.AddSshTargetAsync(request);
        var denied = await Assert.ThrowsAsync<RpcException>(async () => await viewer.AddSshTargetAsync(request));
        var accepted = await admin.AcceptSshHostKeyAsync(new ApiV1.AcceptSshHostKeyRequest { Name = "pi-05", Fingerprint = "SHA256:" + new string('B', 43) });
        var listed = await viewer.ListSshTargetsAsync(new ApiV1.ListSshTargetsRequest());

        Assert.Equal((22, "key", "root", ""), (added.Port, added.Auth, added.Sudo, added.HostKeyFingerprint));
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal("SHA256:" + new string('B', 43), accepted.HostKeyFingerprint);
        Assert.Equal(["pi-05"], listed.Targets.Select(t => t.Name));
        using var http = _hub.Http(_hub.Token(ApiRole.Viewer));
        Assert.Equal(HttpStatusCode.Forbidden, (await http.DeleteAsync("/api/v1/ssh-targets/pi-05")).StatusCode);
    }

    [SshdFact]
    public async Task Check_connects_once_pins_the_host_key_and_a_changed_key_is_refused_with_the_command_that_accepts_it()
    {
        using var sshd = await Sshd.StartAsync(_directory.File("sshd"));
        var key = _directory.File("root-key");
        await File.WriteAllTextAsync(key, sshd.ClientKey);
        await RunAsync("", "ssh", "add", "node", "--host", "127.0.0.1", "--port", sshd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--user", "root", "--key", key);

        var first = await RunAsync("", "ssh", "check", "node");
        var shown = await RunAsync("", "ssh", "get", "node");
        await RunAsync("", "ssh", "accept-key", "node", "--fingerprint", "SHA256:" + new string('C', 43));
        var changed = await RunAsync("", "ssh", "check", "node");

        Assert.Equal((0, ""), (first.Code, first.Error));
        Assert.Contains($"host key:    ssh-ed25519 {sshd.HostKeyFingerprint}\n", first.Output, StringComparison.Ordinal);
        Assert.EndsWith("root (root): ok\n", first.Output, StringComparison.Ordinal);
        Assert.Contains($"Host key:  ssh-ed25519 {sshd.HostKeyFingerprint} (pinned ", shown.Output, StringComparison.Ordinal);
        Assert.Equal(1, changed.Code);
        Assert.Contains($"expected SHA256:{new string('C', 43)}, the host showed ssh-ed25519 {sshd.HostKeyFingerprint}", changed.Error, StringComparison.Ordinal);
        Assert.Contains($"pi-controller ssh accept-key node --fingerprint {sshd.HostKeyFingerprint};", changed.Error, StringComparison.Ordinal);
    }
}
