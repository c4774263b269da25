using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Security;

public sealed class TokensApiTests : HubWithAdmin
{
    [Fact]
    public async Task A_join_token_is_shown_once_then_listed_without_its_secret_and_revoked()
    {
        using var created = await Admin.PostAsJsonAsync("/api/v1/tokens", new { description = "rack 1", ttlSeconds = 3600, uses = 3 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        var token = body.GetProperty("token").GetString()!;
        var fingerprint = Hub.App.Services.GetRequiredService<CertificateAuthority>().Fingerprint;
        Assert.StartsWith($"PIC1{fingerprint}::{id}.", token, StringComparison.Ordinal);
        var secret = token[(token.LastIndexOf('.') + 1)..];

        var listText = await Admin.GetStringAsync("/api/v1/tokens");
        var listed = Assert.Single(JsonSerializer.Deserialize<JsonElement[]>(listText)!);
        Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);
        Assert.Equal("rack 1", listed.GetProperty("description").GetString());
        Assert.Equal(3, listed.GetProperty("maxUses").GetInt32());
        Assert.Equal("active", listed.GetProperty("status").GetString());

        using var revoked = await Admin.DeleteAsync($"/api/v1/tokens/{id}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal("revoked", Assert.Single(await Admin.GetFromJsonAsync<JsonElement[]>("/api/v1/tokens") ?? []).GetProperty("status").GetString());
        using var again = await Admin.DeleteAsync($"/api/v1/tokens/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Throws<JoinTokenException>(() => Check(token));
    }

    [Fact]
    public async Task Expired_and_used_up_join_tokens_stop_working_at_once()
    {
        var expiring = await CreateJoinTokenAsync(new { ttlSeconds = 60 });
        var single = await CreateJoinTokenAsync(new { uses = 1 });
        Check(expiring);
        Use(single);

        Time.Advance(TimeSpan.FromSeconds(60));

        Assert.Contains("has expired", Assert.Throws<JoinTokenException>(() => Check(expiring)).Message, StringComparison.Ordinal);
        Assert.Contains("is used up", Assert.Throws<JoinTokenException>(() => Check(single)).Message, StringComparison.Ordinal);
        var statuses = (await Admin.GetFromJsonAsync<JsonElement[]>("/api/v1/tokens"))!.Select(t => t.GetProperty("status").GetString()).Order();
        Assert.Equal(["expired", "used up"], statuses);
    }

    [Fact]
    public async Task An_API_token_works_at_once_within_its_role_and_stops_at_once_when_revoked()
    {
        using var created = await Admin.PostAsJsonAsync("/api/v1/api-tokens", new { name = "dashboard", role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        using var viewer = Hub.Http(body.GetProperty("token").GetString());

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/nodes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/tokens", new { })).StatusCode);
        var listed = (await Admin.GetFromJsonAsync<JsonElement[]>("/api/v1/api-tokens"))!.Single(t => t.GetProperty("id").GetString() == id);
        Assert.Equal("viewer", listed.GetProperty("role").GetString());
        Assert.False(listed.TryGetProperty("token", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/api-tokens/{id}")).StatusCode);

        using var refused = await viewer.GetAsync("/api/v1/nodes");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("the bearer token has been revoked", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.DeleteAsync($"/api/v1/api-tokens/{id}")).StatusCode);
    }

    [Fact]
    public async Task An_expired_API_token_is_refused()
    {
        using var created = await Admin.PostAsJsonAsync("/api/v1/api-tokens", new { name = "short", role = "operator", ttlSeconds = 60 });
        using var @operator = Hub.Http((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await @operator.GetAsync("/api/v1/nodes")).StatusCode);

        Time.Advance(TimeSpan.FromSeconds(60));

        using var refused = await @operator.GetAsync("/api/v1/nodes");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("the bearer token has expired", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/v1/tokens", """{"ttlSeconds":0}""", "ttlSeconds must be positive")]
    [InlineData("/api/v1/tokens", """{"ttlSeconds":-60}""", "ttlSeconds must be positive")]
    [InlineData("/api/v1/tokens", """{"uses":0}""", "uses must be at least 1")]
    [InlineData("/api/v1/tokens", """{"description":"two\nlines"}""", "control characters")]
    [InlineData("/api/v1/api-tokens", """{"name":"ci","role":"root"}""", "role must be admin, operator or viewer")]
    [InlineData("/api/v1/api-tokens", """{"role":"viewer"}""", "name is required")]
    [InlineData("/api/v1/api-tokens", """{"name":"ci","role":"viewer","ttlSeconds":0}""", "ttlSeconds must be positive")]
    public async Task Bad_input_is_refused_with_a_problem_that_says_what_is_wrong(string path, string json, string detail)
    {
        using var response = await Admin.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/tokens/000000000000")]
    [InlineData("/api/v1/api-tokens/000000000000")]
    public async Task Revoking_an_unknown_token_is_not_found(string path)
    {
        using var response = await Admin.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> CreateJoinTokenAsync(object request)
    {
        using var created = await Admin.PostAsJsonAsync("/api/v1/tokens", request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private JoinToken Check(string token) => Hub.App.Services.GetRequiredService<JoinTokenStore>().Check(token);

    private void Use(string text)
    {
        var store = Hub.App.Services.GetRequiredService<JoinTokenStore>();
        using var transaction = Hub.Database.Begin();
        store.Consume(store.Check(text));
        transaction.Commit();
    }
}
