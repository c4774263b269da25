using System.Globalization;
using System.Text;
using PiController.Hub.Api;

namespace PiController.Hub.Provisioning.Artifacts;

/// <summary>
/// A release's checksums file (<c>sha256sum-ARCH.txt</c>), in sha256sum's format: one <c>&lt;64 hex&gt;  &lt;name&gt;</c>
/// per line (a <c>*</c> before the name marks binary mode and is dropped). Blank lines are skipped; anything else
/// that does not parse refuses the whole file, naming the line.
/// </summary>
internal sealed class ReleaseChecksums
{
    /// <summary>A K3s checksums file is about 1 KiB; anything near this is not one.</summary>
    public const int MaxBytes = 64 * 1024;

    private readonly Dictionary<string, string> _sha256;

    private ReleaseChecksums(Dictionary<string, string> sha256, byte[] text)
    {
        _sha256 = sha256;
        Text = text;
    }

    /// <summary>The file as it came, kept beside the artifacts.</summary>
    public byte[] Text { get; }

    public IReadOnlyDictionary<string, string> Entries => _sha256;

    /// <summary>The lower-case hex SHA-256 the file lists for <paramref name="name"/>, or null.</summary>
    public string? Sha256Of(string name) => _sha256.GetValueOrDefault(name);

    public static ReleaseChecksums Parse(byte[] text, string source)
    {
        if (text.Length > MaxBytes)
        {
            throw new HubException(HubErrorKind.Invalid, $"{source} is {text.Length} bytes; a K3s checksums file (sha256sum-ARCH.txt) is about 1 KiB");
        }
        string content;
        try
        {
            content = new UTF8Encoding(false, true).GetString(text);
        }
        catch (DecoderFallbackException)
        {
            throw new HubException(HubErrorKind.Invalid, $"{source} is not text; give the release's sha256sum-ARCH.txt");
        }
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in content.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var hash = space < 0 ? line : line[..space];
            var name = space < 0 ? "" : line[(space + 1)..].TrimStart(' ').TrimStart('*');
            if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit) || name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
            {
                throw new HubException(HubErrorKind.Invalid, string.Create(CultureInfo.InvariantCulture,
                    $"{source}:{number}: expected \"<sha256>  <file name>\" as sha256sum writes it, got \"{TextRules.Excerpt(line, 60)}\"; give the release's sha256sum-ARCH.txt unchanged"));
            }
            hash = hash.ToLowerInvariant();
            if (entries.TryGetValue(name, out var earlier) && earlier != hash)
            {
                throw new HubException(HubErrorKind.Invalid, string.Create(CultureInfo.InvariantCulture,
                    $"{source}:{number}: {TextRules.Excerpt(name, 60)} is listed twice with different checksums; get the file from the release page again"));
            }
            entries[name] = hash;
        }
        if (entries.Count == 0)
        {
            throw new HubException(HubErrorKind.Invalid, $"{source} lists no files; give the release's sha256sum-ARCH.txt");
        }
        return new ReleaseChecksums(entries, text);
    }
}
