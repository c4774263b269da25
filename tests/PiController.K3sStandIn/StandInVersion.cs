using System.Reflection;

namespace PiController.K3sStandIn;

/// <summary>
/// The K3s version the stand-in answers as: the build property K3sStandInVersion (default v1.33.4+k3s1), or
/// K3S_STANDIN_VERSION at run time, so a test can import the binary as the release it claims to be.
/// </summary>
internal static class StandInVersion
{
    public const string Variable = "K3S_STANDIN_VERSION";

    public static string Version =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured
            ? configured
            : typeof(StandInVersion).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "K3sVersion").Value!;

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
}
