using System.Globalization;

namespace PiController.K3sStandIn.Cli;

/// <summary>
/// The settings of one <c>k3s server</c> or <c>k3s agent</c> run, merged as K3s merges them: config files first
/// (<see cref="ConfigFiles"/>), then the command line, then, for a flag given nowhere, its environment variable.
/// An unknown flag on the command line is refused as urfave/cli refuses it.
/// </summary>
internal sealed class Settings
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly List<string> _arguments = [];

    private Settings(string command) => Command = command;

    public string Command { get; }

    /// <summary>Config keys K3s would skip with a warning: none when the provisioner wrote the files right.</summary>
    public IReadOnlyList<string> UnknownConfigKeys { get; private set; } = [];

    /// <summary>Arguments that are not flags (etcd-snapshot delete's snapshot names); only commands that take them have any.</summary>
    public IReadOnlyList<string> Arguments => _arguments;

    /// <exception cref="UsageException">an unknown flag or a flag without its value.</exception>
    /// <exception cref="InvalidDataException">a config file that is not a mapping of flags.</exception>
    public static Settings Parse(string command, IReadOnlyList<string> arguments)
    {
        var settings = new Settings(command);
        var configFile = HostPaths.Map(ConfigLocation(arguments));
        var (fromFiles, unknown) = ConfigFiles.Read(command, configFile);
        settings.UnknownConfigKeys = unknown;
        settings.Apply(fromFiles);
        settings.Apply(arguments);
        foreach (var flag in Flags.Of(command).Where(f => f.Variable is not null))
        {
            if (!settings._values.ContainsKey(flag.Name) && Environment.GetEnvironmentVariable(flag.Variable!) is { Length: > 0 } value)
            {
                settings._values[flag.Name] = [value];
            }
        }
        return settings;
    }

    public string? Text(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

    public bool Bool(string name) => Text(name) is { } value && bool.Parse(value);

    /// <summary>A repeatable flag's values in order; a value is never split at commas (kubelet-arg values hold them).</summary>
    public IReadOnlyList<string> List(string name) =>
        _values.TryGetValue(name, out var values) ? values : [];

    public int Port(string name, int fallback) => Text(name) is { } text
        ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new UsageException($"invalid value \"{text}\" for flag -{name}: expected a port number (1-65535)")
        : fallback;

    /// <summary>A path flag as a host path (under K3S_STANDIN_ROOT when set).</summary>
    public string Path(string name, string fallback) => HostPaths.Map(Text(name) ?? fallback);

    private static string ConfigLocation(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] is "--config" or "-c" && i + 1 < arguments.Count)
            {
                return arguments[i + 1];
            }
            if (arguments[i].StartsWith("--config=", StringComparison.Ordinal) || arguments[i].StartsWith("-c=", StringComparison.Ordinal))
            {
                return arguments[i][(arguments[i].IndexOf('=', StringComparison.Ordinal) + 1)..];
            }
        }
        return Environment.GetEnvironmentVariable("K3S_CONFIG_FILE") is { Length: > 0 } variable ? variable : HostPaths.ConfigFile;
    }

    private void Apply(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!argument.StartsWith('-') && Command == Flags.SnapshotCommand)
            {
                _arguments.Add(argument);
                continue;
            }
            if (!argument.StartsWith('-') || argument == "-" || argument == "--")
            {
                throw new UsageException($"unexpected argument \"{argument}\": k3s {Command} takes flags only (see k3s {Command} --help)");
            }
            var body = argument.TrimStart('-');
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? body : body[..equals];
            var flag = Flags.Find(Command, name)
                ?? throw new UsageException($"Incorrect Usage: flag provided but not defined: -{name} (the stand-in k3s knows: {string.Join(", ", Flags.Of(Command).Select(f => f.Name))})");
            string value;
            if (equals >= 0)
            {
                value = body[(equals + 1)..];
            }
            else if (flag.Kind == FlagKind.Bool)
            {
                value = "true";
            }
            else if (i + 1 < arguments.Count)
            {
                value = arguments[++i];
            }
            else
            {
                throw new UsageException($"Incorrect Usage: flag needs an argument: -{name}");
            }
            if (flag.Kind == FlagKind.Bool && !bool.TryParse(value, out _))
            {
                throw new UsageException($"invalid boolean value \"{value}\" for -{name}: use true or false");
            }
            if (flag.Kind == FlagKind.List && _values.TryGetValue(flag.Name, out var existing))
            {
                existing.Add(value);
            }
            else
            {
                _values[flag.Name] = [value];
            }
        }
    }
}
