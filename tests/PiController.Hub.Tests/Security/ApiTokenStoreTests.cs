using System.Text;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Security;
using PiController.Hub.State;

namespace PiController.Hub.Tests.Security;

public sealed class ApiTokenStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly HubDatabase _database;
    private readonly ApiTokenStore _store;

    public ApiTokenStoreTests()
    {
        _database = _directory.MigratedDatabase();
        _store = new ApiTokenStore(_database, _time);
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(ApiRole.Admin)]
    [InlineData(ApiRole.Operator)]
    [InlineData(ApiRole.Viewer)]
    public void A_created_token_verifies_with_its_name_and_role(string role)
    {
        var token = _store.Create("ci", role, expires: null);

        var principal = _store.Verify(token, out var refusal);

        Assert.Null(refusal);
        Assert.NotNull(principal);
        Assert.Equal(role, principal.Role);
        Assert.Equal("ci", principal.Name);
        Assert.StartsWith($"pic_{principal.TokenId}_", token, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_from_another_store_instance_verifies_from_the_database()
    {
        var token = _store.Create("ci", ApiRole.Operator, expires: null);

        var principal = new ApiTokenStore(_database, _time).Verify(token, out var refusal);

        Assert.Null(refusal);
        Assert.Equal(ApiRole.Operator, principal?.Role);
    }

    [Fact]
    public void A_token_with_a_wrong_secret_is_refused_before_and_after_the_right_one_is_cached()
    {
        var token = _store.Create("ci", ApiRole.Admin, expires: null);
        var forged = token[..(token.LastIndexOf('_') + 1)] + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        Assert.Null(_store.Verify(forged, out var uncached));
        Assert.NotNull(_store.Verify(token, out _));
        Assert.Null(_store.Verify(forged, out var cached));

        Assert.Equal("the bearer token is wrong", uncached);
        Assert.Equal("the bearer token is wrong", cached);
    }

    [Fact]
    public void A_token_with_an_unknown_id_is_refused()
    {
        _store.Create("ci", ApiRole.Admin, expires: null);

        Assert.Null(_store.Verify("pic_000000000000_secret", out var refusal));
        Assert.Equal("the bearer token is wrong", refusal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pic_")]
    [InlineData("pic_onlyanid")]
    [InlineData("ghp_abc_def")]
    [InlineData("Bearer pic_abc_def")]
    public void A_malformed_token_is_refused(string token)
    {
        Assert.Null(_store.Verify(token, out var refusal));
        Assert.Equal("the bearer token is not a pi-controller API token (pic_...)", refusal);
    }

    [Fact]
    public void A_revoked_token_is_refused()
    {
        var token = _store.Create("ci", ApiRole.Admin, expires: null);
        _database.Execute("UPDATE api_tokens SET revoked_at = 1");

        Assert.Null(_store.Verify(token, out var refusal));
        Assert.Equal("the bearer token has been revoked", refusal);
    }

    [Fact]
    public void A_revocation_takes_effect_once_the_cached_verification_lapses()
    {
        var token = _store.Create("ci", ApiRole.Admin, expires: null);
        Assert.NotNull(_store.Verify(token, out _));
        _database.Execute("UPDATE api_tokens SET revoked_at = 1");

        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.Null(_store.Verify(token, out var refusal));
        Assert.Equal("the bearer token has been revoked", refusal);
    }

    [Fact]
    public void An_expired_token_is_refused()
    {
        var token = _store.Create("ci", ApiRole.Admin, expires: _time.GetUtcNow().AddHours(1));
        Assert.NotNull(_store.Verify(token, out _));

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Null(_store.Verify(token, out var refusal));
        Assert.Equal("the bearer token has expired", refusal);
    }

    [Fact]
    public void A_token_cached_just_before_it_expires_is_refused_at_its_expiry()
    {
        var token = _store.Create("ci", ApiRole.Admin, expires: _time.GetUtcNow().AddSeconds(3));
        Assert.NotNull(_store.Verify(token, out _));

        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Null(_store.Verify(token, out var refusal));
        Assert.Equal("the bearer token has expired", refusal);
    }

    [Fact]
    public void An_unknown_role_is_refused_when_creating()
    {
        var refused = Assert.Throws<ArgumentException>(() => _store.Create("ci", "root", expires: null));

        Assert.Contains("use admin, operator or viewer", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, _database.Long("SELECT COUNT(*) FROM api_tokens"));
    }

    [Fact]
    public void Only_a_hash_of_the_secret_is_stored()
    {
        var token = _store.Create("ci", ApiRole.Admin, expires: null);
        var secret = token[(token.IndexOf('_', 4) + 1)..];

        var row = _database.Strings("SELECT token_id || '|' || name || '|' || role || '|' || hex(secret_hash) || '|' || quote(secret_hash) FROM api_tokens");
        var hash = (byte[])_database.Scalar("SELECT secret_hash FROM api_tokens")!;

        Assert.DoesNotContain(secret, Assert.Single(row), StringComparison.Ordinal);
        Assert.Equal(32, hash.Length);
        Assert.NotEqual(Encoding.UTF8.GetBytes(secret), hash);
        Assert.False(FilesContain(_directory.Path, Encoding.UTF8.GetBytes(secret)), "the secret appears in the database files");
    }

    [Fact]
    public void A_revocation_takes_effect_at_once_even_while_the_verification_is_cached()
    {
        var token = _store.Create("ci", ApiRole.Admin, expires: null);
        Assert.NotNull(_store.Verify(token, out _));

        Assert.True(_store.Revoke(ApiTokenStore.IdOf(token)));

        Assert.Null(_store.Verify(token, out var refusal));
        Assert.Equal("the bearer token has been revoked", refusal);
        Assert.False(_store.Revoke(ApiTokenStore.IdOf(token)));
        Assert.False(_store.Revoke("000000000000"));
    }

    [Fact]
    public void Tokens_are_listed_with_role_and_expiry_and_without_secrets()
    {
        var viewer = _store.Create("dashboard", ApiRole.Viewer, expires: _time.GetUtcNow().AddDays(7));
        var admin = _store.Create("ci", ApiRole.Admin, expires: null);
        _store.Revoke(ApiTokenStore.IdOf(admin));

        var list = _store.List();

        Assert.Equal(
            [
                new ApiTokenInfo(ApiTokenStore.IdOf(viewer), "dashboard", ApiRole.Viewer, _time.GetUtcNow(), _time.GetUtcNow().AddDays(7), null),
                new ApiTokenInfo(ApiTokenStore.IdOf(admin), "ci", ApiRole.Admin, _time.GetUtcNow(), null, _time.GetUtcNow()),
            ],
            list.OrderBy(t => t.Name == "ci"));
        Assert.Equal(["active", "revoked"], list.OrderBy(t => t.Name == "ci").Select(t => ApiTokenView.From(t, _time.GetUtcNow()).Status));
    }

    [Fact]
    public void Only_an_unrevoked_unexpired_admin_token_counts_as_an_admin()
    {
        Assert.False(_store.HasAdmin());
        _store.Create("viewer", ApiRole.Viewer, expires: null);
        var revoked = _store.Create("old", ApiRole.Admin, expires: null);
        _store.Revoke(ApiTokenStore.IdOf(revoked));
        _store.Create("short", ApiRole.Admin, expires: _time.GetUtcNow().AddMinutes(1));
        Assert.True(_store.HasAdmin());

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(_store.HasAdmin());
    }

    private static bool FilesContain(string directory, byte[] needle) =>
        Directory.GetFiles(directory).Any(path => File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0);
}
