using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Tests.Provisioning;

public sealed class K3sTokenTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_server_token_is_the_secure_form_with_the_CA_hash_and_the_server_user()
    {
        var secrets = ClusterSecrets.Generate();

        var token = secrets.ServerToken(Hash).Reveal();

        Assert.Equal($"K10{Hash}::server:{secrets.Server.Reveal()}", token);
    }

    [Fact]
    public void An_agent_token_carries_the_agent_secret_as_the_node_user_never_the_server_secret()
    {
        var secrets = ClusterSecrets.Generate();

        var token = secrets.AgentToken(Hash).Reveal();

        Assert.Equal($"K10{Hash}::node:{secrets.Agent.Reveal()}", token);
        Assert.DoesNotContain(secrets.Server.Reveal(), token, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_secrets_are_64_hex_digits_and_differ()
    {
        var a = Secret.Generate().Reveal();
        var b = Secret.Generate().Reveal();

        Assert.Matches("^[0-9a-f]{64}$", a);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void A_token_and_a_secret_are_masked_wherever_they_are_formatted()
    {
        var secrets = ClusterSecrets.Generate();
        var token = secrets.ServerToken(Hash);

        Assert.Equal("K10…::server:********", token.ToString());
        Assert.Equal("********", secrets.Server.ToString());
        Assert.Equal("token K10…::node:********", $"token {secrets.AgentToken(Hash)}");
        Assert.DoesNotContain(secrets.Server.Reveal(), secrets.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secrets.Agent.Reveal(), secrets.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_revealed_token_parses_back_to_the_same_token()
    {
        var token = ClusterSecrets.Generate().AgentToken(Hash);

        var parsed = K3sToken.Parse(token.Reveal());

        Assert.Equal((Hash, "node"), (parsed.CaHash, parsed.User));
        Assert.Equal(token.Password, parsed.Password);
    }

    [Theory]
    [InlineData("0123456789abcdef", "does not start with K10")]
    [InlineData("K10::server:abc", "expected K10<64 hex digits>")]
    [InlineData("K100123::server:abc", "expected K10<64 hex digits>")]
    [InlineData("K100123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef::admin:abc", "user is server or node")]
    [InlineData("K100123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef::server:abc", "64 lowercase hex digits")]
    [InlineData("K100123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef::server:a b", "one or more of")]
    public void A_short_or_malformed_token_is_refused_without_echoing_it(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => K3sToken.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(text, error.Message, StringComparison.Ordinal);
    }
}
