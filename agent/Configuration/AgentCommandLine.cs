namespace PiController.Agent.Configuration;

/// <summary>Builds <see cref="AgentOptions"/> from the config file, then the environment, then the flags.</summary>
internal static class AgentCommandLine
{
    public const string Usage = """
        Usage: pi-agent [options]

        Options (each also settable in the config file as "key = value", or as PI_AGENT_KEY in the environment):
          --config PATH           config file (default /etc/pi-controller/agent.conf; PI_AGENT_CONFIG)
          --hub URL               the hub, for example https://hub.local:8443
          --token PIC1...         join token (pi-controller token create); it also pins the hub CA
          --ca-fingerprint HEX    SHA-256 of the hub CA certificate, when no token is given (already enrolled)
          --data-dir PATH         state directory (default /var/lib/pi-controller)
          --board auto|sim        the real board, or the simulated Pi 4B
          --sim-serial SERIAL     serial number of the simulated board
          --sim-wiring WIRES      wires between GPIOs of the simulated board, for example 17-27,5-6
          --log-level LEVEL       trace, debug, info, warning or error
          --mdns on|off           announce over mDNS, and find the hub that way when --hub is not given (default on)
          --version               print the version and exit
          --help                  print this text and exit
        """;

    /// <summary>Returns the options, or null when the arguments asked for help or the version only.</summary>
    public static AgentOptions? Parse(string[] args, Func<string, string?> environment, TextWriter output)
    {
        var flags = new List<(string Key, string Value)>();
        string? configPath = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                output.WriteLine(Usage);
                return null;
            }
            if (arg == "--version")
            {
                output.WriteLine($"pi-agent {AgentVersion.Current}");
                return null;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ConfigException($"unexpected argument \"{arg}\"; see pi-agent --help");
            }
            var name = arg[2..];
            string value;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }
            else
            {
                throw new ConfigException($"flag --{name} needs a value");
            }
            if (name == "config")
            {
                configPath = value;
            }
            else if (AgentSettings.Keys.Contains(name))
            {
                flags.Add((name, value));
            }
            else
            {
                throw new ConfigException($"unknown flag --{name}; see pi-agent --help");
            }
        }

        var options = new AgentOptions();
        var explicitPath = configPath ?? environment("PI_AGENT_CONFIG");
        var path = explicitPath ?? AgentOptions.DefaultConfigPath;
        if (File.Exists(path))
        {
            AgentConfigFile.Apply(options, path, File.ReadAllText(path));
        }
        else if (explicitPath is not null)
        {
            throw new ConfigException($"config file {path} does not exist");
        }
        foreach (var key in AgentSettings.Keys)
        {
            var variable = AgentSettings.EnvironmentVariable(key);
            if (environment(variable) is { } value)
            {
                AgentSettings.Apply(options, key, value, $"environment variable {variable}");
            }
        }
        foreach (var (key, value) in flags)
        {
            AgentSettings.Apply(options, key, value, $"flag --{key}");
        }
        return options;
    }
}
