using System.Net;

namespace PiController.Discovery;

/// <summary>A resolved DNS-SD service instance: where it is and what its TXT record says.</summary>
public sealed record MdnsService(
    string Instance,
    string ServiceType,
    string Host,
    ushort Port,
    IReadOnlyList<IPAddress> Addresses,
    IReadOnlyDictionary<string, string> Txt,
    string InterfaceName)
{
    /// <summary>RFC 6763 §6.4: keys are case-insensitive; the first occurrence of a key wins; "key" alone is an empty value.</summary>
    public static IReadOnlyDictionary<string, string> ParseTxt(IEnumerable<string> strings)
    {
        var txt = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in strings)
        {
            var equals = s.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? s : s[..equals];
            if (key.Length > 0)
            {
                txt.TryAdd(key, equals < 0 ? "" : s[(equals + 1)..]);
            }
        }
        return txt;
    }

    public string? this[string key] => Txt.TryGetValue(key, out var value) ? value : null;

    /// <summary>Same place and same TXT: an update that changes neither is not reported again.</summary>
    public bool SameAs(MdnsService other) =>
        Host == other.Host && Port == other.Port && Addresses.SequenceEqual(other.Addresses)
        && Txt.Count == other.Txt.Count && Txt.All(kv => other.Txt.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
