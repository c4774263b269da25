using System.Text.RegularExpressions;

namespace PiController.Hub.Tests.Api;

/// <summary>
/// The hub's messages speak the CLI's language: a hint says "pi-controller nodes ls lists the nodes", never "GET
/// /api/v1/nodes lists the nodes" (REST users know their paths; everyone else needs the command). And an error's
/// title comes from one table, <c>HubErrorKinds.Title</c>, so the same kind of error reads the same everywhere.
/// Both are read from the source: a string literal is where a message is written.
/// </summary>
public sealed partial class MessageSourceTests
{
    /// <summary>Files that own REST paths: the CLI's typed client and the route tables (a route is not a message).</summary>
    private static bool OwnsPaths(string relative, string line) =>
        relative.StartsWith("Cli/HubClient", StringComparison.Ordinal)
        || RouteMapping().IsMatch(line)
        // The Location header of a created resource is a path by definition.
        || (relative == "Resources/ResourcesApi.cs" && line.Contains("Status201Created", StringComparison.Ordinal));

    [Fact]
    public void No_message_of_the_hub_names_a_REST_path_or_method()
    {
        var offenders = SourceLines()
            .Where(l => StringLiterals().Matches(l.Line).Any(m => RestPath().IsMatch(m.Value)) && !OwnsPaths(l.File, l.Line))
            .Select(l => $"{l.File}:{l.Number}: {l.Line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0,
            "say what to run instead (\"pi-controller nodes ls lists the nodes\"); REST paths belong in route tables and hub/Cli/HubClient.*.cs:\n"
            + string.Join('\n', offenders));
    }

    [Fact]
    public void Problem_titles_come_only_from_the_table_of_error_kinds()
    {
        var offenders = SourceLines()
            .Where(l => l.File != "Api/Problems.cs" && (l.Line.Contains("title:", StringComparison.Ordinal) || l.Line.Contains("Results.Problem(", StringComparison.Ordinal)))
            .Select(l => $"{l.File}:{l.Number}: {l.Line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "answer with Problems.Of(kind, detail) or throw a HubException; titles live in HubErrorKinds.Title:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void The_check_finds_a_REST_path_in_a_hint_and_lets_a_command_pass()
    {
        Assert.Contains(StringLiterals().Matches("""throw new HubException(kind, $"no node {id}; GET /api/v1/nodes lists them");"""), m => RestPath().IsMatch(m.Value));
        Assert.Contains(StringLiterals().Matches("""Fail("see POST /nodes/{id}/ping")"""), m => RestPath().IsMatch(m.Value));
        Assert.DoesNotContain(StringLiterals().Matches("""throw new HubException(kind, $"no node {id}; pi-controller nodes ls lists them");"""), m => RestPath().IsMatch(m.Value));
        Assert.True(OwnsPaths("Nodes/NodesApi.cs", """var group = app.MapGroup("/api/v1/nodes");"""));
    }

    private static IEnumerable<(string File, int Number, string Line)> SourceLines()
    {
        var hub = HubDirectory();
        return Directory.EnumerateFiles(hub, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(hub, path).Replace('\\', '/'))
            .Where(relative => !relative.StartsWith("obj/", StringComparison.Ordinal) && !relative.StartsWith("bin/", StringComparison.Ordinal))
            .SelectMany(relative => File.ReadLines(Path.Join(hub, relative)).Select((line, i) => (relative, i + 1, line)))
            .Where(l => !l.line.TrimStart().StartsWith("//", StringComparison.Ordinal));
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

    [GeneratedRegex(""" "(?:[^"\\]|\\.)*" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex StringLiterals();

    [GeneratedRegex(@"/api/v1|\b(?:GET|POST|PUT|PATCH|DELETE) /")]
    private static partial Regex RestPath();

    [GeneratedRegex(@"\.Map(?:Get|Post|Put|Patch|Delete|Methods|Group)\(")]
    private static partial Regex RouteMapping();
}
