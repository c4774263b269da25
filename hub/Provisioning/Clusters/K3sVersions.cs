using System.Globalization;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>Orders K3s versions as releases (v1.33.10+k3s1 after v1.33.4+k3s2), not as text.</summary>
internal static class K3sVersions
{
    public static string? Newest(IEnumerable<string> versions) => versions.Distinct(StringComparer.Ordinal).OrderByDescending(Key, Comparer<long[]>.Create(Compare)).FirstOrDefault();

    private static long[] Key(string version) => [.. version.TrimStart('v').Split('.', '+', '-')
        .Select(part => long.TryParse(new string([.. part.Where(char.IsAsciiDigit)]), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)];

    private static int Compare(long[] a, long[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }
        return a.Length.CompareTo(b.Length);
    }
}
