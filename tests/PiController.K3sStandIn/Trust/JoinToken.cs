namespace PiController.K3sStandIn.Trust;

/// <summary>
/// A K3s token as K3s parses it (pkg/clientaccess parseToken): <c>K10&lt;CA hash&gt;::&lt;user&gt;:&lt;password&gt;</c>
/// in the secure form; a short token (no K10 prefix) is a bare password with no CA hash. <see cref="ToString"/>
/// never shows the password.
/// </summary>
internal sealed record JoinToken(string? CaHash, string User, string Password)
{
    private const string Prefix = "K10";

    /// <exception cref="FormatException">K3s's own messages: an empty token, a CA hash of the wrong length, no password.</exception>
    public static JoinToken Parse(string token)
    {
        if (token.Length == 0)
        {
            throw new FormatException("token must not be empty");
        }
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return new JoinToken(null, "", token);
        }
        var rest = token[Prefix.Length..];
        string? hash = null;
        var separator = rest.IndexOf("::", StringComparison.Ordinal);
        if (separator >= 0)
        {
            hash = rest[..separator];
            if (hash.Length is not (0 or 64))
            {
                throw new FormatException("invalid token CA hash length");
            }
            rest = rest[(separator + 2)..];
        }
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || colon == rest.Length - 1)
        {
            throw new FormatException("invalid token format");
        }
        return new JoinToken(hash is { Length: 0 } ? null : hash, rest[..colon], rest[(colon + 1)..]);
    }

    public override string ToString() => $"{Prefix}{CaHash}::{User}:********";
}
