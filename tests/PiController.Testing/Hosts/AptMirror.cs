namespace PiController.Testing.Hosts;

/// <summary>
/// The Debian mirror and release this machine's apt already uses, read from /etc/apt/sources.list(.d) at run time,
/// so the test root comes from the same place as everything else installed here and no host name is assumed.
/// </summary>
public static class AptMirror
{
    public static (string Uri, string Suite) Find()
    {
        var codename = File.ReadAllLines("/etc/os-release").Select(l => l.Split('=', 2)).Where(p => p.Length == 2 && p[0] == "VERSION_CODENAME")
            .Select(p => p[1].Trim('"')).FirstOrDefault() ?? throw new InvalidOperationException("/etc/os-release has no VERSION_CODENAME");
        foreach (var (types, uris, suites) in Entries())
        {
            if (types.Contains("deb") && suites.Contains(codename) && uris.FirstOrDefault(u => u.StartsWith("http", StringComparison.Ordinal)) is { } uri)
            {
                return (uri, codename);
            }
        }
        throw new InvalidOperationException($"no deb source for {codename} in /etc/apt/sources.list or /etc/apt/sources.list.d/*.sources");
    }

    private static IEnumerable<(string[] Types, string[] Uris, string[] Suites)> Entries()
    {
        if (Directory.Exists("/etc/apt/sources.list.d"))
        {
            foreach (var file in Directory.GetFiles("/etc/apt/sources.list.d", "*.sources").Order(StringComparer.Ordinal))
            {
                foreach (var paragraph in File.ReadAllText(file).Split("\n\n"))
                {
                    var fields = paragraph.Split('\n').Where(l => !l.StartsWith('#') && l.Contains(':', StringComparison.Ordinal))
                        .Select(l => l.Split(':', 2)).GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase)
                        .ToDictionary(g => g.Key, g => g.First()[1].Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase);
                    if (fields.TryGetValue("Enabled", out var enabled) && enabled.FirstOrDefault() == "no")
                    {
                        continue;
                    }
                    yield return (fields.GetValueOrDefault("Types", []), fields.GetValueOrDefault("URIs", []), fields.GetValueOrDefault("Suites", []));
                }
            }
        }
        foreach (var file in new[] { "/etc/apt/sources.list" }.Concat(Directory.Exists("/etc/apt/sources.list.d") ? Directory.GetFiles("/etc/apt/sources.list.d", "*.list") : []))
        {
            if (!File.Exists(file))
            {
                continue;
            }
            foreach (var line in File.ReadAllLines(file))
            {
                var words = System.Text.RegularExpressions.Regex.Replace(line.Split('#')[0], @"\[[^\]]*\]", "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length >= 3)
                {
                    yield return ([words[0]], [words[1]], [words[2]]);
                }
            }
        }
    }
}
