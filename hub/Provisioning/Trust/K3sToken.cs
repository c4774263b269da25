namespace PiController.Hub.Provisioning.Trust;

/// <summary>
/// A K3s token in its secure form, <c>K10&lt;cluster CA hash&gt;::&lt;user&gt;:&lt;password&gt;</c> (docs.k3s.io,
/// "k3s token"): a joining node downloads <c>/cacerts</c> without verification, hashes it as
/// <see cref="CaBundleHash"/> does, compares the hash with the token's and only then sends the password. The short
/// form (password only) skips that check and is never built here. The users are K3s's own: <c>server</c> for the
/// server token, <c>node</c> for the agent token; K3s strips the <c>K10...::user:</c> prefix from both when it
/// records the passwords (pkg/passwd EnsureUser), so servers may be given the full form too.
/// <see cref="ToString"/> masks the password: <c>K10…::server:********</c>.
/// </summary>
internal sealed record K3sToken
{
    public const string Prefix = "K10";
    public const string ServerUser = "server";
    public const string AgentUser = "node";

    public K3sToken(string caHash, string user, Secret password)
    {
        if (caHash.Length != 64 || !caHash.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("the cluster CA hash is 64 lowercase hex digits (SHA-256)", nameof(caHash));
        }
        if (user is not (ServerUser or AgentUser))
        {
            throw new ArgumentException($"a K3s token's user is {ServerUser} or {AgentUser}", nameof(user));
        }
        (CaHash, User, Password) = (caHash, user, password);
    }

    public string CaHash { get; }

    public string User { get; }

    public Secret Password { get; }

    /// <summary>The token as K3s reads it, for the 0600 file it is written into; nowhere else.</summary>
    public string Reveal() => $"{Prefix}{CaHash}::{User}:{Password.Reveal()}";

    public override string ToString() => $"{Prefix}…::{User}:{Secret.Mask}";

    /// <summary>Reads a secure token back; a short token (no <c>K10</c> prefix or no CA hash) is refused.</summary>
    /// <exception cref="FormatException">not a secure K3s token, with what is wrong; the text never holds the token.</exception>
    public static K3sToken Parse(string text)
    {
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new FormatException("not a secure K3s token: it does not start with K10 (a short token skips the CA check and is not accepted)");
        }
        var separator = text.IndexOf("::", StringComparison.Ordinal);
        var colon = separator < 0 ? -1 : text.IndexOf(':', separator + 2);
        if (separator != Prefix.Length + 64 || colon < 0)
        {
            throw new FormatException("not a secure K3s token: expected K10<64 hex digits>::<user>:<password>");
        }
        try
        {
            return new K3sToken(text[Prefix.Length..separator], text[(separator + 2)..colon], Secret.FromStored(text[(colon + 1)..]));
        }
        catch (ArgumentException e)
        {
            throw new FormatException("not a secure K3s token: " + e.Message.Split(" (Parameter", 2)[0]);
        }
    }
}
