using System.Net;
using Grpc.Core;
using PiController.Hub.Security;
using PiController.Hub.Tests.Cli;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Tests.Adoption;

/// <summary><c>pi-controller adopt</c> in process against a hub as serve composes it: what it refuses before reaching any Pi, and who may adopt.</summary>
public sealed class AdoptCommandTests : IAsyncLifetime
{
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
    public async Task A_hub_reached_on_loopback_is_refused_before_any_ssh_target_or_token_is_made()
    {
        var refused = await RunAsync("", "adopt", "10.0.0.5", "--user", "pi", "--key", _key, "--yes");

        Assert.Equal(1, refused.Code);
        Assert.StartsWith("pi-controller: Invalid request: the hub was reached at 127.0.0.1, which the Pi cannot reach;", refused.Error, StringComparison.Ordinal);
        Assert.Empty(_hub.Database.Query("SELECT name FROM ssh_targets", r => r.GetString(0)));
        Assert.Empty(_hub.Database.Query("SELECT description FROM join_tokens WHERE description LIKE 'adopt %'", r => r.GetString(0)));
    }

    [Fact]
    public async Task Bad_flags_and_a_missing_confirmation_are_refused_in_one_line()
    {
        var both = await RunAsync("pw\n", "adopt", "10.0.0.5", "--user", "pi", "--key", _key, "--password-stdin", "--yes");
        var badName = await RunAsync("", "adopt", "10.0.0.5", "--user", "pi", "--key", _key, "--name", "no/slash", "--yes");
        var unconfirmed = await RunAsync("", "adopt", "10.0.0.5", "--user", "pi", "--key", _key);
        var noLine = await RunAsync("", "adopt", "10.0.0.5", "--user", "pi", "--password-stdin", "--yes");

        Assert.Equal("pi-controller: give one of --key FILE and --password-stdin, not both (neither when the ssh target exists already)\n", both.Error);
        Assert.StartsWith("pi-controller: \"no/slash\" is not an ssh target name", badName.Error, StringComparison.Ordinal);
        Assert.Equal("pi-controller: standard input is not a terminal, so nobody can confirm the adoption: run again with --yes\n", unconfirmed.Error);
        Assert.StartsWith("pi-controller: --password-stdin: stdin ended before a password line", noLine.Error, StringComparison.Ordinal);
        Assert.All(new[] { both, badName, unconfirmed, noLine }, r => Assert.NotEqual(0, r.Code));
    }

    [Fact]
    public async Task Only_an_admin_may_adopt_or_follow_an_adoption_over_REST_and_gRPC()
    {
        var viewer = new ApiV1.Adoptions.AdoptionsClient(_hub.Grpc(_hub.Token(ApiRole.Viewer)));
        var admin = new ApiV1.Adoptions.AdoptionsClient(_hub.Grpc(_hub.Token(ApiRole.Admin)));
        var request = new ApiV1.AdoptNodeRequest { Host = "10.0.0.5", User = "pi", PrivateKey = await File.ReadAllTextAsync(_key) };

        var denied = await Assert.ThrowsAsync<RpcException>(async () => await viewer.AdoptNodeAsync(request));
        var deniedGet = await Assert.ThrowsAsync<RpcException>(async () => await viewer.GetAdoptionAsync(new ApiV1.GetAdoptionRequest { Name = "pi-01" }));
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await admin.GetAdoptionAsync(new ApiV1.GetAdoptionRequest { Name = "pi-01" }));
        var loopback = await Assert.ThrowsAsync<RpcException>(async () => await admin.AdoptNodeAsync(request));

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied), (denied.StatusCode, deniedGet.StatusCode));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, loopback.StatusCode);
        using var http = _hub.Http(_hub.Token(ApiRole.Viewer));
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/v1/adoptions/pi-01")).StatusCode);
    }
}
