using System.Net;
using System.Text.Json;
using PiController.Hub.Hosting;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Hosting;

/// <summary>The hub's version over REST and gRPC: any role may ask, nobody without a token.</summary>
public sealed class VersionApiTests : IAsyncLifetime
{
    private InProcessHub _hub = null!;

    public async Task InitializeAsync() => _hub = await InProcessHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_viewer_reads_the_version_over_REST()
    {
        using var http = _hub.Http(_hub.Token(ApiRole.Viewer));

        using var document = JsonDocument.Parse(await http.GetStringAsync("/api/v1/version"));

        Assert.Equal(HubVersion.Current, document.RootElement.GetProperty("version").GetString());
        Assert.Equal("v1", document.RootElement.GetProperty("apiVersion").GetString());
    }

    [Fact]
    public async Task Without_a_token_the_version_is_refused()
    {
        using var http = _hub.Http();

        using var response = await http.GetAsync("/api/v1/version");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_viewer_reads_the_same_version_over_gRPC()
    {
        using var channel = _hub.Grpc(_hub.Token(ApiRole.Viewer));

        var version = await new Protocol.Api.HubInfo.HubInfoClient(channel).GetVersionAsync(new Protocol.Api.GetVersionRequest());

        Assert.Equal((HubVersion.Current, "v1"), (version.Version, version.ApiVersion));
    }
}
