using PiController.Hub.Cli;
using PiController.Hub.Cli.Help;

namespace PiController.Hub.Tests.Cli;

/// <summary>
/// The manual pages made from the command tree (pi-controller __man DIR, as scripts/build-deb runs it): one per verb,
/// each with the sections a page needs, and each rendered by man (groff) without a warning.
/// </summary>
public sealed class ManPageTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_verb_has_a_page_that_man_renders_without_warnings()
    {
        var result = await InProcessCli.RunAsync(null, "__man", _directory.Path);
        Assert.True(result.Code == 0, result.Error);

        var expected = ManPages.Commands(HubCommandLine.Build()).Select(c => ManPages.PageName(c) + ".1").Order(StringComparer.Ordinal).ToList();
        var written = Directory.GetFiles(_directory.Path).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, written);
        Assert.Contains("pi-controller.1", written);
        Assert.Contains("pi-controller-nodes-ls.1", written);
        Assert.Contains("pi-controller-config-use-context.1", written);
        Assert.DoesNotContain(written, w => w!.Contains("__", StringComparison.Ordinal));

        var failures = new List<string>();
        foreach (var page in written)
        {
            var path = Path.Join(_directory.Path, page);
            var text = await File.ReadAllTextAsync(path);
            foreach (var section in new[] { "NAME", "SYNOPSIS", "DESCRIPTION", "EXAMPLES", "EXIT STATUS", "SEE ALSO" })
            {
                if (!text.Contains($"\n.SH {(section.Contains(' ', StringComparison.Ordinal) ? $"\"{section}\"" : section)}\n", StringComparison.Ordinal)
                    && !text.Contains($"\n.SH {section}\n", StringComparison.Ordinal))
                {
                    failures.Add($"{page}: no {section} section");
                }
            }
            // What lintian runs: man with groff's warnings on, output thrown away; any line on stderr is a problem.
            var man = await Run.Async("man", ["--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", path], environment: new Dictionary<string, string> { ["MANWIDTH"] = "80" });
            if (man.ExitCode != 0 || man.Error.Trim().Length > 0)
            {
                failures.Add($"{page}: man exited {man.ExitCode}: {man.Error.Trim()}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));

        var rendered = await Run.Async("man", "-l", Path.Join(_directory.Path, "pi-controller-nodes-ls.1"));
        Assert.Contains("EXAMPLES", rendered.Output, StringComparison.Ordinal);
        Assert.Contains("pi-controller nodes ls", rendered.Output, StringComparison.Ordinal);
        Assert.Contains("130", rendered.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pages_are_the_same_bytes_each_time()
    {
        var again = _directory.Directory("again");
        Assert.Equal(0, (await InProcessCli.RunAsync(null, "__man", _directory.Path)).Code);
        Assert.Equal(0, (await InProcessCli.RunAsync(null, "__man", again)).Code);

        foreach (var page in Directory.GetFiles(again))
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Join(_directory.Path, Path.GetFileName(page))), await File.ReadAllBytesAsync(page));
        }
    }
}
