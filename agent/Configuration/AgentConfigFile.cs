namespace PiController.Agent.Configuration;

/// <summary>
/// Reads /etc/pi-controller/agent.conf: one <c>key = value</c> per line, <c>#</c> comments, values optionally in
/// double quotes. Line-oriented on purpose: a preseed script or cloud-init can write it with echo, a person can
/// read it, and every error points at one line.
/// </summary>
internal static class AgentConfigFile
{
    public static void Apply(AgentOptions options, string path, string text)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var source = $"{path}:{number}";
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ConfigException($"{source}: expected \"key = value\", got \"{line}\"");
            }
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (value.StartsWith('"'))
            {
                if (value.Length < 2 || !value.EndsWith('"'))
                {
                    throw new ConfigException($"{source}: unterminated quoted value for \"{key}\"");
                }
                value = value[1..^1];
            }
            if (seen.TryGetValue(key, out var first))
            {
                throw new ConfigException($"{source}: \"{key}\" is already set on line {first}");
            }
            seen[key] = number;
            AgentSettings.Apply(options, key, value, source);
        }
    }
}
