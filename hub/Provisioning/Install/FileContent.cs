using System.Security.Cryptography;
using System.Text;

namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// The text of a file a step writes, made of plain parts and secret parts. <see cref="ToString"/> and
/// <see cref="Masked"/> show each secret part masked (a token as <c>K10…::server:********</c>, a key as
/// <c>********</c>), so a dry-run, a log line or an event shows the file without its secrets; <see cref="Reveal"/>
/// gives the bytes to write, and <see cref="Sha256"/> their hash (a step is unchanged when the node's file has it).
/// </summary>
internal sealed class FileContent
{
    private readonly IReadOnlyList<(string Text, string? Mask)> _parts;

    private FileContent(IReadOnlyList<(string Text, string? Mask)> parts) => _parts = parts;

    public static FileContent Plain(string text) => new([(text, null)]);

    /// <summary>A file that is a secret as a whole (a private key).</summary>
    public static FileContent Hidden(string text) => new([(text, Trust.Secret.Mask + "\n")]);

    public bool HasSecrets => _parts.Any(p => p.Mask is not null);

    public string Masked => string.Concat(_parts.Select(p => p.Mask ?? p.Text));

    public string Reveal() => string.Concat(_parts.Select(p => p.Text));

    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Reveal())));

    public override string ToString() => Masked;

    /// <summary>Builds a file from plain text and secrets, each secret with the way a dry-run shows it.</summary>
    internal sealed class Builder
    {
        private readonly List<(string, string?)> _parts = [];

        public Builder Append(string text)
        {
            _parts.Add((text, null));
            return this;
        }

        /// <summary>A secret value; <paramref name="masked"/> is what a dry-run shows instead (its ToString).</summary>
        public Builder AppendSecret(string value, string masked)
        {
            _parts.Add((value, masked));
            return this;
        }

        public FileContent Build() => new(_parts.ToList());
    }
}
