using System.Text.RegularExpressions;

namespace PiController.Hub.Cli.Contexts;

/// <summary>
/// A named hub in the client config: where it is, the CA fingerprint it was trusted with, and where its API token
/// is kept. The token itself is never in the config: either in <see cref="TokenFile"/> (mode 0600, written by
/// <c>pi-controller login</c> beside the config) or in the environment variable <see cref="TokenEnvironment"/>.
/// </summary>
internal sealed partial record HubContext(string Name, Uri Hub, string CaFingerprint, string? TokenFile, string? TokenEnvironment)
{
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public const string NameRule = "letters, digits, '.', '_' and '-', at most 63, starting with a letter or digit";

    /// <summary>Where the token is, in words: "file /home/me/.config/pi-controller/tokens/home.token" or "$HOME_HUB_TOKEN".</summary>
    public string DescribeToken(string configDirectory) =>
        TokenFile is { } file ? $"file {Path.Join(configDirectory, file)}" : $"${TokenEnvironment}";

    /// <summary>Reads the token this context refers to; a missing or unsafe one is a <see cref="CliException"/> saying what to do.</summary>
    public string ReadToken(string configDirectory, Func<string, string?> environment)
    {
        if (TokenEnvironment is { } variable)
        {
            return environment(variable) is { Length: > 0 } value
                ? value.Trim()
                : throw new CliException($"context \"{Name}\" takes its API token from ${variable}, which is not set; export it, or log in again (pi-controller login {Hub})");
        }
        var path = Path.GetFullPath(Path.Join(configDirectory, TokenFile));
        try
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                throw new CliException($"the token file {path} of context \"{Name}\" can be read by others; chmod 600 {path}, and revoke the token if others may have read it");
            }
            var token = File.ReadAllText(path).Trim();
            return token.Length > 0 ? token : throw new CliException($"the token file {path} of context \"{Name}\" is empty; log in again: pi-controller login {Hub} --name {Name}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read the token file {path} of context \"{Name}\" ({e.Message}); log in again: pi-controller login {Hub} --name {Name}");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex NamePattern();
}
