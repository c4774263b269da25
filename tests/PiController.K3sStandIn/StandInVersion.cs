using System.Reflection;
using System.Text;

namespace PiController.K3sStandIn;

/// <summary>
/// The K3s version the stand-in answers as (k3s --version, /version, the kubelet version of its Node). In order:
/// K3S_STANDIN_VERSION at run time; else a trailer appended to the executable itself, its last line
/// <c>K3S_STANDIN_VERSION=v1.34.1+k3s1</c> (so one published binary can be copied as several "releases" with
/// different bytes, hence different sha256 sums, for upgrade tests: appending to an ELF file leaves it runnable, as
/// the loader reads only what its headers point at); else the build property K3sStandInVersion (v1.33.4+k3s1).
/// </summary>
internal static class StandInVersion
{
    public const string Variable = "K3S_STANDIN_VERSION";

    private const int TrailerBytes = 256;

    private static readonly Lazy<string> Resolved = new(Resolve);

    public static string Version => Resolved.Value;

    /// <summary>What <c>k3s --version</c> prints first, with "(stand-in)" where K3s prints its commit.</summary>
    public static string Line => $"k3s version {Version} (stand-in)";

    /// <summary>The Kubernetes version inside it: v1.33.4+k3s1 has Kubernetes 1.33.</summary>
    public static (string Major, string Minor) Kubernetes
    {
        get
        {
            var parts = Version.TrimStart('v').Split('.', '+', '-');
            return (parts[0], parts.Length > 1 ? parts[1] : "0");
        }
    }

    private static string Resolve() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured
            ? configured
            : Trailer("/proc/self/exe")
              ?? typeof(StandInVersion).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "K3sVersion").Value!;

    /// <summary>The version in the trailer of <paramref name="executable"/>, or null when its last line is no trailer.</summary>
    private static string? Trailer(string executable)
    {
        try
        {
            using var file = File.OpenRead(executable);
            var length = (int)Math.Min(TrailerBytes, file.Length);
            var tail = new byte[length];
            file.Seek(-length, SeekOrigin.End);
            file.ReadExactly(tail);
            var text = Encoding.ASCII.GetString(tail).TrimEnd('\n');
            var marker = "\n" + Variable + "=";
            var start = text.LastIndexOf(marker, StringComparison.Ordinal);
            if (start < 0)
            {
                return null;
            }
            var version = text[(start + marker.Length)..];
            return version.Length > 0 && version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-') ? version : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
