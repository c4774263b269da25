using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Events;
using PiController.Hub.Security;
using PiController.Hub.Tests.Events;

namespace PiController.Hub.Tests.Nodes;

/// <summary>POST /api/v1/nodes/{id}/approve names the waiting request by its key, as nodes pending shows it.</summary>
public sealed class EnrollmentApprovalApiTests : IAsyncLifetime
{
    private static readonly string Waiting = "3f9a0c1d2e4b5a69" + new string('1', 48);
    private static readonly string Other = "77aa0c1d2e4b5a69" + new string('2', 48);
    private InProcessHub _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync();
        _hub.Database.Execute($"""
            INSERT INTO enrollment_requests (node_id, public_key_sha256, source, requested_at) VALUES ('node-a', '{Waiting}', '10.77.0.5', 1);
            INSERT INTO enrollment_requests (node_id, public_key_sha256, source, requested_at) VALUES ('node-a', '{Other}', '10.77.0.66', 2);
            """);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static async Task<string> Detail(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    [Fact]
    public async Task Approving_without_naming_the_key_is_refused_and_approves_nothing()
    {
        using var admin = _hub.Http(_hub.Token(ApiRole.Admin));

        using var bare = await admin.PostAsync("/api/v1/nodes/node-a/approve", null);
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Contains("name the key to approve", await Detail(bare), StringComparison.Ordinal);
        using var shortKey = await admin.PostAsJsonAsync("/api/v1/nodes/node-a/approve", new { publicKeySha256 = "3f9a" });
        Assert.Equal(HttpStatusCode.BadRequest, shortKey.StatusCode);
        Assert.Equal(0, _hub.Database.Long("SELECT COUNT(*) FROM enrollment_requests WHERE approved_at IS NOT NULL"));
    }

    [Fact]
    public async Task Only_the_named_key_is_approved_once_and_published_once()
    {
        using var admin = _hub.Http(_hub.Token(ApiRole.Admin));
        using var subscription = _hub.App.Services.GetRequiredService<EventBus>().Subscribe(0,
            new EventFilter(new HashSet<string> { EventTypes.NodeStatusChanged }, new HashSet<string>()));

        using var unknown = await admin.PostAsJsonAsync("/api/v1/nodes/node-a/approve", new { publicKeySha256 = new string('e', 16) });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("waiting keys: 3f9a0c1d2e4b5a69, 77aa0c1d2e4b5a69", await Detail(unknown), StringComparison.Ordinal);

        using var approved = await admin.PostAsJsonAsync("/api/v1/nodes/node-a/approve", new { publicKeySha256 = "3F9A0C1D2E4B5A69" });
        Assert.Equal(HttpStatusCode.NoContent, approved.StatusCode);
        using var again = await admin.PostAsJsonAsync("/api/v1/nodes/node-a/approve", new { publicKeySha256 = "3f9a0c1d2e4b5a69" });
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        using var nothing = await admin.PostAsJsonAsync("/api/v1/nodes/node-b/approve", new { publicKeySha256 = "3f9a0c1d2e4b5a69" });
        Assert.Equal(HttpStatusCode.NotFound, nothing.StatusCode);

        Assert.Equal(Waiting, _hub.Database.Scalar("SELECT public_key_sha256 FROM enrollment_requests WHERE approved_at IS NOT NULL"));
        Assert.Equal(1, _hub.Database.Long("SELECT COUNT(*) FROM enrollment_requests WHERE approved_at IS NOT NULL"));
        var published = await EventBusFixture.TakeAsync(subscription, 1);
        Assert.Equal("approved", Assert.Single(published).Payload.GetProperty("change").GetString());
        Assert.Contains("3f9a0c1d2e4b5a69", published[0].Payload.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // A witness published after the repeated approval arrives next: the repeat published nothing.
        _hub.App.Services.GetRequiredService<NodeEvents>().StatusChanged("witness", "witness", null, null, "witness");
        Assert.Equal("witness", (await EventBusFixture.TakeAsync(subscription, 1)).Single().NodeId);
    }

    [Fact]
    public async Task Removing_a_node_forgets_its_waiting_requests()
    {
        using var admin = _hub.Http(_hub.Token(ApiRole.Admin));
        using var removed = await admin.DeleteAsync("/api/v1/nodes/node-a");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(0, _hub.Database.Long("SELECT COUNT(*) FROM enrollment_requests"));
        using var again = await admin.DeleteAsync("/api/v1/nodes/node-a");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }
}
