using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PiController.K3sStandIn.Cli;

/// <summary>
/// config.yaml and config.yaml.d/*.yaml (or .yml) read as K3s reads them (pkg/configfilearg): the main file first,
/// then the drop-ins in name order; a later file replaces a key, and a key written <c>name+:</c> appends to it. The
/// result is a list of <c>--name=value</c> arguments placed before the command line's own, so flags given there
/// override scalars and extend lists. A key that is not a flag of the command is skipped with K3s's warning ("Unknown
/// flag --x found in config.yaml, skipping"): K3s does not refuse it, and neither does the stand-in; it lists such
/// keys in its state file so that tests can insist on none.
/// </summary>
internal static class ConfigFiles
{
    /// <exception cref="InvalidDataException">a file that is not a YAML mapping of flags, named in the message.</exception>
    public static (IReadOnlyList<string> Arguments, IReadOnlyList<string> Unknown) Read(string command, string configFile)
    {
        IEnumerable<string> dropIns = Directory.Exists(configFile + ".d")
            ? Directory.GetFiles(configFile + ".d")
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
            : [];
        var files = (File.Exists(configFile) ? [configFile] : Array.Empty<string>()).Concat(dropIns);
        var order = new List<string>();
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var isList = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var (rawKey, node) in Mapping(file))
            {
                var append = rawKey.EndsWith('+');
                var key = rawKey.TrimEnd('+');
                if (!values.TryGetValue(key, out var list) || !append)
                {
                    if (list is null)
                    {
                        order.Add(key);
                    }
                    values[key] = list = [];
                }
                if (node is YamlSequenceNode sequence)
                {
                    isList.Add(key);
                    list.AddRange(sequence.Children.Select(item => Scalar(file, key, item)));
                }
                else
                {
                    list.Add(Scalar(file, key, node));
                }
            }
        }
        var arguments = new List<string>();
        var unknown = new List<string>();
        foreach (var key in order)
        {
            if (Flags.Find(command, key) is null)
            {
                if (command != Flags.SnapshotCommand)
                {
                    Log.Warn($"Unknown flag --{key} found in config.yaml, skipping");
                }
                unknown.Add(key);
                continue;
            }
            var prefix = key.Length == 1 ? "-" : "--";
            arguments.AddRange(values[key].Select(v => $"{prefix}{key}={v}"));
        }
        return (arguments, unknown);
    }

    private static IEnumerable<(string Key, YamlNode Value)> Mapping(string file)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(file);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{file}: not valid YAML ({e.Message}); fix the file or remove it");
        }
        if (stream.Documents.Count == 0)
        {
            yield break;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            throw new InvalidDataException($"{file}: expected a mapping of flag names to values, as in \"node-name: pi-1\"");
        }
        foreach (var (key, value) in mapping.Children)
        {
            yield return (Scalar(file, "a key", key), value);
        }
    }

    private static string Scalar(string file, string key, YamlNode node) => node is YamlScalarNode { Value: var value }
        ? value ?? ""
        : throw new InvalidDataException($"{file}: {key} must be a value or a list of values, not a mapping");
}
