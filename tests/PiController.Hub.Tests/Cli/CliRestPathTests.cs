using System.Reflection;
using PiController.Hub.Cli;

namespace PiController.Hub.Tests.Cli;

/// <summary>
/// The CLI has one typed client: <see cref="HubClient"/> (hub/Cli/HubClient*.cs) owns every REST path, its
/// escaping and its JSON types, one method per operation; the verbs call those methods and write no path.
/// </summary>
public sealed class CliRestPathTests
{
    [Fact]
    public void No_file_of_the_CLI_but_the_typed_client_writes_a_REST_path()
    {
        var cli = Path.Join(HubDirectory(), "Cli");
        var offenders = Directory.EnumerateFiles(cli, "*.cs")
            .Where(path => !Path.GetFileName(path).StartsWith("HubClient", StringComparison.Ordinal))
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, line, number: i + 1)))
            .Where(l => l.line.Contains("/api/v1", StringComparison.Ordinal))
            .Select(l => $"{Path.GetFileName(l.path)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "REST paths belong in hub/Cli/HubClient.*.cs (add a method there and call it): " + string.Join('\n', offenders));
    }

    [Fact]
    public void The_verbs_are_given_methods_per_operation_never_a_path_to_send()
    {
        var takingPaths = typeof(HubClient).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.GetParameters().Any(p => p.Name is "path" or "pathAndQuery"))
            .Select(m => m.Name)
            .ToList();

        Assert.Empty(takingPaths);
        Assert.Contains(typeof(HubClient).GetMethods(), m => m.Name == nameof(HubClient.WriteGpioAsync));
    }

    private static string HubDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var hub = Path.Join(directory.FullName, "hub");
            if (File.Exists(Path.Join(hub, "PiController.Hub.csproj")))
            {
                return hub;
            }
        }
        throw new InvalidOperationException($"no hub/PiController.Hub.csproj above {AppContext.BaseDirectory}; run the tests from a checkout");
    }
}
