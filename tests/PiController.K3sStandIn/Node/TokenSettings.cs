using PiController.K3sStandIn.Cli;
using PiController.K3sStandIn.Trust;

namespace PiController.K3sStandIn.Node;

/// <summary>A token from its flag (K3S_TOKEN, config) or, when absent, from its file flag, as K3s reads them.</summary>
internal static class TokenSettings
{
    /// <exception cref="FormatException">a token K3s would not parse.</exception>
    /// <exception cref="UsageException">the token file cannot be read.</exception>
    public static JoinToken? Read(Settings settings, string flag)
    {
        var text = settings.Text(flag);
        if (text is null && settings.Text(flag + "-file") is { } file)
        {
            var path = HostPaths.Map(file);
            text = File.Exists(path)
                ? File.ReadAllText(path).Trim()
                : throw new UsageException($"{flag}-file {file} does not exist; write the token there (mode 0600) or set {flag}");
        }
        return text is null ? null : JoinToken.Parse(text.Trim());
    }
}
