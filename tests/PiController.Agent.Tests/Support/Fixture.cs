using PiController.Agent.Platform;

namespace PiController.Agent.Tests.Support;

/// <summary>The fixture trees under Fixtures/ (copied next to the test assembly).</summary>
internal static class Fixture
{
    public static string PathOf(string board) => Path.Join(AppContext.BaseDirectory, "Fixtures", board);

    public static SystemRoot Root(string board) => new(PathOf(board));
}
