using System.Security.Cryptography;

namespace PiController.Hub.Provisioning.Trust;

/// <summary>
/// A cluster secret (a K3s token's password). <see cref="ToString"/> masks it, so a secret written into a log
/// message, an event, an exception or a dry-run shows as <c>********</c>; only <see cref="Reveal"/> gives the value,
/// and only the code that writes it into a 0600 file on the node calls it.
/// </summary>
internal sealed class Secret : IEquatable<Secret>
{
    public const string Mask = "********";

    /// <summary>32 random bytes, as 64 lowercase hex digits: no character a token, an env file or YAML must escape.</summary>
    private const int RandomBytes = 32;

    private readonly string _value;

    private Secret(string value) => _value = value;

    /// <summary>A new secret from the operating system's cryptographic random source.</summary>
    public static Secret Generate() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RandomBytes)));

    /// <summary>A stored secret read back (from the hub's sealed store); refused when a token could not carry it.</summary>
    /// <exception cref="ArgumentException">empty, or holding a character outside [0-9a-zA-Z._-].</exception>
    public static Secret FromStored(string value)
    {
        if (value.Length == 0 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new ArgumentException("a cluster secret is one or more of [0-9a-zA-Z._-]", nameof(value));
        }
        return new Secret(value);
    }

    public string Reveal() => _value;

    public override string ToString() => Mask;

    public bool Equals(Secret? other) => other is not null &&
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(_value), System.Text.Encoding.ASCII.GetBytes(other._value));

    public override bool Equals(object? obj) => Equals(obj as Secret);

    public override int GetHashCode() => _value.Length;
}
