using System.Text;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Security;
using PiController.Hub.State;

namespace PiController.Hub.Tests.Security;

public sealed class JoinTokenStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly HubDatabase _database;
    private readonly CertificateAuthority _ca;
    private readonly JoinTokenStore _store;

    public JoinTokenStoreTests()
    {
        _database = _directory.MigratedDatabase();
        _ca = CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System);
        _store = new JoinTokenStore(_database, _ca, _time);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_created_token_names_the_CA_and_checks()
    {
        var token = _store.Create("rack 1", TimeSpan.FromHours(24), maxUses: 2);

        Assert.StartsWith($"PIC1{_ca.Fingerprint}::{token.Id}.", token.ToString(), StringComparison.Ordinal);
        Assert.Equal(token, Check(token.ToString()));
    }

    [Fact]
    public void A_token_is_listed_without_its_secret_and_only_its_hash_is_stored()
    {
        var token = _store.Create("rack 1", TimeSpan.FromHours(24), maxUses: 2);

        var listed = Assert.Single(_store.List());

        Assert.Equal(new JoinTokenInfo(token.Id, "rack 1", _time.GetUtcNow(), _time.GetUtcNow().AddHours(24), 2, 0, null), listed);
        Assert.False(Directory.GetFiles(_directory.Path).Any(p => File.ReadAllBytes(p).AsSpan().IndexOf(Encoding.UTF8.GetBytes(token.Secret)) >= 0),
            "the secret appears in the data directory");
    }

    [Fact]
    public void An_expired_join_token_is_refused_at_its_expiry()
    {
        var token = _store.Create("", TimeSpan.FromMinutes(30), maxUses: null);
        _time.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromMilliseconds(1));
        Check(token.ToString());

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Contains("has expired", Assert.Throws<JoinTokenException>(() => Check(token.ToString())).Message, StringComparison.Ordinal);
        Assert.Equal("expired", JoinTokenView.From(Assert.Single(_store.List()), _time.GetUtcNow()).Status);
    }

    [Fact]
    public void A_used_up_join_token_is_refused_after_its_last_use()
    {
        var token = _store.Create("", ttl: null, maxUses: 2);
        Use(token.ToString());
        Use(token.ToString());

        Assert.Contains("is used up", Assert.Throws<JoinTokenException>(() => Check(token.ToString())).Message, StringComparison.Ordinal);
        Assert.Throws<JoinTokenException>(() => Use(token.ToString()));
        Assert.Equal("used up", JoinTokenView.From(Assert.Single(_store.List()), _time.GetUtcNow()).Status);
    }

    [Fact]
    public void A_revoked_join_token_is_refused_at_once()
    {
        var token = _store.Create("", ttl: null, maxUses: null);
        Check(token.ToString());

        Assert.True(_store.Revoke(token.Id));

        Assert.Contains("has been revoked", Assert.Throws<JoinTokenException>(() => Check(token.ToString())).Message, StringComparison.Ordinal);
        Assert.False(_store.Revoke(token.Id));
        Assert.Equal("revoked", JoinTokenView.From(Assert.Single(_store.List()), _time.GetUtcNow()).Status);
    }

    [Fact]
    public void A_token_with_a_wrong_secret_or_of_another_hub_is_refused()
    {
        var token = _store.Create("", ttl: null, maxUses: null);

        Assert.Contains("not known", Assert.Throws<JoinTokenException>(() => Check(token with { Secret = "00" })).Message, StringComparison.Ordinal);
        Assert.Contains("another hub", Assert.Throws<JoinTokenException>(() => Check(token with { CaFingerprint = new string('a', 64) })).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    [InlineData(60, 0)]
    public void A_non_positive_time_to_live_or_use_count_is_refused(int ttlSeconds, int uses)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _store.Create("", TimeSpan.FromSeconds(ttlSeconds), uses));
        Assert.Empty(_store.List());
    }

    private JoinToken Check(JoinToken token) => Check(token.ToString());

    private JoinToken Check(string text) => _store.Check(text);

    private void Use(string text)
    {
        using var transaction = _database.Begin();
        _store.Consume(_store.Check(text));
        transaction.Commit();
    }
}
