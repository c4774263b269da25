using System.Reflection;

namespace PiController.Hub.Hosting;

internal static class HubVersion
{
    public static string Current { get; } =
        typeof(HubVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "unknown";
}
