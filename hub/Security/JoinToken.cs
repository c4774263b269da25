using System.Security.Cryptography;

namespace PiController.Hub.Security;

/// <summary>
/// A join token, in the spirit of K3s's: <c>PIC1&lt;sha256 of the CA certificate&gt;::&lt;id&gt;.&lt;secret&gt;</c>. The agent
/// pins the hub CA from the first part; the hub looks the id up and checks the secret's hash.
/// </summary>
internal sealed record JoinToken(string CaFingerprint, string Id, string Secret)
{
    public const string Prefix = "PIC1";

    public override string ToString() => $"{Prefix}{CaFingerprint}::{Id}.{Secret}";

    public static JoinToken Create(string caFingerprint) => new(
        caFingerprint,
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    /// <summary>Parses a token, or returns null with what is wrong with it.</summary>
    public static JoinToken? TryParse(string text, out string? problem)
    {
        problem = null;
        text = text.Trim();
        var separator = text.IndexOf("::", StringComparison.Ordinal);
        var dot = separator < 0 ? -1 : text.IndexOf('.', separator + 2);
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || separator < 0 || dot < 0)
        {
            problem = "a join token looks like PIC1<64 hex digits>::<id>.<secret>; create one with: pi-controller token create";
            return null;
        }
        var fingerprint = text[Prefix.Length..separator];
        var id = text[(separator + 2)..dot];
        var secret = text[(dot + 1)..];
        if (fingerprint.Length != 64 || !fingerprint.All(char.IsAsciiHexDigit) || id.Length == 0 || secret.Length == 0)
        {
            problem = "the join token is malformed (expected PIC1<64 hex digits>::<id>.<secret>)";
            return null;
        }
        return new JoinToken(fingerprint.ToLowerInvariant(), id, secret);
    }
}
