using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using PiController.Hub.Api;
using PiController.Hub.Cli.Output;
using PiController.Hub.Provisioning.Artifacts;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller k3s import|fetch|ls|rm</c>: the K3s release files the hub keeps and serves to its nodes (air-gapped
/// by default: no node needs the internet). <c>import</c> checks every file against the release's checksums here
/// first (a damaged file is refused before hundreds of MB travel), then streams them to the hub, which checks again.
/// </summary>
internal static class K3sCommand
{
    private static readonly string[] ImageExtensions = [".tar.zst", ".tar.gz", ".tar"];
    private static readonly Option<string?> ReleaseUrl = new("--k3s-release-url")
    {
        Description = $"where k3s fetch downloads K3s releases (a mirror laid out like {K3sArtifactLimits.GitHubReleases})",
    };

    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var k3s = new Command("k3s", "K3s release files the hub keeps for its nodes (binary, air-gap images), verified against the release's checksums");
        k3s.Subcommands.Add(Import(client));
        k3s.Subcommands.Add(Fetch(client));
        k3s.Subcommands.Add(List(client));
        k3s.Subcommands.Add(Remove(client));
        return k3s;
    }

    public static void AddServeOptions(Command serve) => serve.Options.Add(ReleaseUrl);

    public static Uri ReadReleaseUrl(ParseResult parse) => parse.GetValue(ReleaseUrl) is not { } text
        ? K3sArtifactLimits.GitHubReleases
        : Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps && url.Query.Length == 0
            ? url
            : throw new CliException($"--k3s-release-url must be an https:// URL without a query, such as {K3sArtifactLimits.GitHubReleases}, got \"{text}\"");

    private static Command Import(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var version = new Option<string>("--version") { Description = "the K3s release, such as v1.33.4+k3s1", Required = true };
        var arch = new Option<string>("--arch") { Description = "arm64 (default), amd64 or arm (armhf)", DefaultValueFactory = _ => "arm64" };
        var binary = new Option<string>("--binary") { Description = "the release's binary (k3s-arm64, k3s, k3s-armhf)", Required = true };
        var images = new Option<string?>("--images") { Description = "the air-gap images tarball (k3s-airgap-images-ARCH.tar.zst, .tar.gz or .tar)" };
        var checksums = new Option<string>("--checksums") { Description = "the release's sha256sum-ARCH.txt", Required = true };
        var import = new Command("import", "verify release files against the release's checksums and keep them on the hub (admin)");
        import.Options.Add(version);
        import.Options.Add(arch);
        import.Options.Add(binary);
        import.Options.Add(images);
        import.Options.Add(checksums);
        var importOutput = OutputOption.ForWrite(import, name: false);
        import.SetAction(async (parse, cancellationToken) =>
        {
            var (release, architecture) = Check(() => (K3sRelease.CheckVersion(parse.GetValue(version)), K3sRelease.CheckArch(parse.GetValue(arch))));
            var checksumsPath = parse.GetValue(checksums)!;
            var text = ReadSmall(checksumsPath);
            var list = Check(() => ReleaseChecksums.Parse(text, checksumsPath));
            var files = new List<(string ReleaseName, string Path)> { (K3sRelease.Binary(architecture), parse.GetValue(binary)!) };
            if (parse.GetValue(images) is { } imagesPath)
            {
                var extension = ImageExtensions.FirstOrDefault(e => imagesPath.EndsWith(e, StringComparison.Ordinal))
                    ?? throw new CliException($"--images {imagesPath}: expected the release's k3s-airgap-images-{architecture}.tar.zst (or .tar.gz, .tar)");
                files.Add(($"k3s-airgap-images-{architecture}{extension}", imagesPath));
            }
            foreach (var (name, path) in files)
            {
                var expected = list.Sha256Of(name)
                    ?? throw new CliException($"{checksumsPath} does not list {name}: is it the sha256sum-{architecture}.txt of {release}?");
                var actual = await HashAsync(path, cancellationToken).ConfigureAwait(false);
                if (actual != expected)
                {
                    throw new CliException($"{path} does not match {name} in {checksumsPath} (SHA-256 {actual[..16]}..., listed {expected[..16]}...): " +
                        "the file is damaged or from another release or architecture; download it again. Nothing was sent to the hub");
                }
            }
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var set = await hub.ImportK3sArtifactsAsync(release, architecture, text, files, cancellationToken).ConfigureAwait(false);
            Print(importOutput.Read(parse), set);
            return 0;
        });
        return import;
    }

    private static Command Fetch(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var version = new Argument<string>("version") { Description = "the K3s release, such as v1.33.4+k3s1" };
        var arch = new Option<string>("--arch") { Description = "arm64 (default), amd64 or arm (armhf)", DefaultValueFactory = _ => "arm64" };
        var images = new Option<bool>("--images") { Description = "also the air-gap images tarball, which nodes without internet need" };
        var fetch = new Command("fetch", "have the hub download a release from GitHub (serve --k3s-release-url), verify and keep it (admin)");
        fetch.Arguments.Add(version);
        fetch.Options.Add(arch);
        fetch.Options.Add(images);
        var fetchOutput = OutputOption.ForWrite(fetch, name: false);
        fetch.SetAction(async (parse, cancellationToken) =>
        {
            var (release, architecture) = Check(() => (K3sRelease.CheckVersion(parse.GetValue(version)), K3sRelease.CheckArch(parse.GetValue(arch))));
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var set = await hub.FetchK3sArtifactsAsync(new K3sFetchRequest(release, architecture, parse.GetValue(images)), cancellationToken).ConfigureAwait(false);
            Print(fetchOutput.Read(parse), set);
            return 0;
        });
        return fetch;
    }

    private static Command List(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var ls = new Command("ls", "list the K3s releases the hub keeps: files, sizes, SHA-256, when and where from");
        ls.Aliases.Add("list");
        var output = OutputOption.ForRead(ls, name: false);
        ls.SetAction(async (parse, cancellationToken) =>
        {
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var sets = await hub.ListK3sArtifactsAsync(cancellationToken).ConfigureAwait(false);
            var format = output.Read(parse);
            if (!Machine.Print(format, sets, HubJsonContext.Default.IReadOnlyListK3sArtifactSet))
            {
                Terminal.WriteLine(Render(sets, format == OutputFormat.Wide));
            }
            return 0;
        });
        return ls;
    }

    private static Command Remove(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var version = new Argument<string>("version") { Description = "the K3s release, such as v1.33.4+k3s1" };
        var arch = new Option<string?>("--arch") { Description = "only this architecture (default: every one)" };
        var rm = new Command("rm", "remove a K3s release's files from the hub (admin)");
        rm.Aliases.Add("remove");
        rm.Arguments.Add(version);
        rm.Options.Add(arch);
        var rmOutput = OutputOption.ForWrite(rm, name: false);
        rm.SetAction(async (parse, cancellationToken) =>
        {
            var release = Check(() => K3sRelease.CheckVersion(parse.GetValue(version)));
            var architecture = parse.GetValue(arch) is { } a ? Check(() => K3sRelease.CheckArch(a)) : null;
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var removed = await hub.DeleteK3sArtifactsAsync(release, architecture, cancellationToken).ConfigureAwait(false);
            if (Machine.Print(rmOutput.Read(parse), removed, HubJsonContext.Default.IReadOnlyListK3sArtifactSet))
            {
                return 0;
            }
            foreach (var set in removed)
            {
                Terminal.WriteLine($"removed K3s {set.Version} ({set.Arch}): {string.Join(", ", set.Files.Select(f => f.Name))}");
            }
            return 0;
        });
        return rm;
    }

    /// <summary>One row per file; the default table shows the SHA-256's first 16 digits, -o wide all of it.</summary>
    public static string Render(IReadOnlyList<K3sArtifactSet> sets, bool wide = false) => sets.Count == 0
        ? "No K3s releases on the hub. Fetch one (pi-controller k3s fetch v1.33.4+k3s1 --images) or import downloaded files (pi-controller k3s import --help)"
        : TextTable.Render(["VERSION", "ARCH", "FILE", "SIZE", "SHA256", "IMPORTED", "FROM"], sets.SelectMany(s => s.Files.Select(f => new[]
        {
            s.Version, s.Arch, f.Name, Size(f.Size), wide ? f.Sha256 : f.Sha256[..16], TextTable.Time(s.ImportedAt), s.Source,
        })));

    private static void Print(OutputFormat format, K3sArtifactSet set)
    {
        if (!Machine.Print(format, set, HubJsonContext.Default.K3sArtifactSet))
        {
            Terminal.WriteLine(Render([set]));
        }
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB");

    private static T Check<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (HubException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static byte[] ReadSmall(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            if (file.Length > ReleaseChecksums.MaxBytes)
            {
                throw new CliException($"{path} is {file.Length} bytes; a K3s checksums file (sha256sum-ARCH.txt) is about 1 KiB");
            }
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}");
        }
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 128 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}");
        }
    }
}
