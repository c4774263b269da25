using System.Globalization;
using PiController.Agent.Hardware.Control.Simulation;

namespace PiController.Agent.Configuration;

/// <summary>
/// The one place that knows every setting: its name in the file, its environment variable, its flag, and how
/// a value is checked. The file, the environment and the flags all go through <see cref="Apply"/>.
/// </summary>
internal static class AgentSettings
{
    private static readonly string[] LogLevels = ["trace", "debug", "info", "warning", "error"];

    public static IReadOnlyList<string> Keys { get; } =
        ["hub", "token", "ca-fingerprint", "data-dir", "board", "sim-serial", "sim-wiring", "log-level", "system-root", "mdns"];

    public static string EnvironmentVariable(string key) =>
        "PI_AGENT_" + key.Replace('-', '_').ToUpperInvariant();

    /// <summary>Sets one setting, or throws <see cref="ConfigException"/> naming <paramref name="source"/>.</summary>
    public static void Apply(AgentOptions options, string key, string value, string source)
    {
        value = value.Trim();
        switch (key)
        {
            case "hub":
                options.Hub = ParseHub(value, source);
                break;
            case "token":
                options.JoinToken = ParseJoinToken(value, source);
                break;
            case "ca-fingerprint":
                options.CaFingerprint = ParseFingerprint(value, source);
                break;
            case "data-dir":
                if (value.Length == 0 || !Path.IsPathRooted(value))
                {
                    throw new ConfigException($"{source}: data-dir must be an absolute path, got \"{value}\"");
                }
                options.DataDirectory = value;
                break;
            case "board":
                if (value is not ("auto" or "sim"))
                {
                    throw new ConfigException($"{source}: board must be \"auto\" or \"sim\", got \"{value}\"");
                }
                options.Board = value;
                break;
            case "sim-serial":
                if (value.Length is 0 or > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    throw new ConfigException($"{source}: sim-serial must be 1-64 letters, digits, '-' or '_', got \"{value}\"");
                }
                options.SimSerial = value;
                break;
            case "sim-wiring":
                options.SimWiring = SimulatedWiring.TryParse(value, out var wiringError)
                    ?? throw new ConfigException($"{source}: sim-wiring: {wiringError}");
                break;
            case "log-level":
                if (!LogLevels.Contains(value))
                {
                    throw new ConfigException($"{source}: log-level must be one of {string.Join(", ", LogLevels)}, got \"{value}\"");
                }
                options.LogLevel = value;
                break;
            case "system-root":
                if (!Directory.Exists(value))
                {
                    throw new ConfigException($"{source}: system-root \"{value}\" is not a directory");
                }
                options.SystemRoot = value;
                break;
            case "mdns":
                options.Mdns = value is "on" or "yes" or "true" ? true
                    : value is "off" or "no" or "false" ? false
                    : throw new ConfigException($"{source}: mdns must be \"on\" or \"off\", got \"{value}\"");
                break;
            default:
                throw new ConfigException($"{source}: unknown setting \"{key}\"; known settings are {string.Join(", ", Keys)}");
        }
    }

    private static Uri ParseHub(string value, string source)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Host.Length == 0)
        {
            throw new ConfigException($"{source}: hub must be an https:// address such as https://hub.local:8443, got \"{value}\"");
        }
        return uri;
    }

    private static string ParseJoinToken(string value, string source)
    {
        var separator = value.IndexOf("::", StringComparison.Ordinal);
        var dot = separator < 0 ? -1 : value.IndexOf('.', separator + 2);
        if (!value.StartsWith("PIC1", StringComparison.Ordinal) || separator != 68 || dot < 0 || dot == value.Length - 1
            || !value[4..68].All(char.IsAsciiHexDigit))
        {
            throw new ConfigException($"{source}: token must be a join token PIC1<64 hex digits>::<id>.<secret> (pi-controller token create prints one)");
        }
        return value[..4] + value[4..68].ToLowerInvariant() + value[68..];
    }

    /// <summary>Accepts hex with or without colons, optionally prefixed "sha256:".</summary>
    public static string ParseFingerprint(string value, string source)
    {
        var hex = value.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? value[7..] : value;
        hex = hex.Replace(":", "", StringComparison.Ordinal).ToLower(CultureInfo.InvariantCulture);
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new ConfigException($"{source}: ca-fingerprint must be the SHA-256 of the hub CA certificate (64 hex digits), got \"{value}\"");
        }
        return hex;
    }
}
