using System.Net;
using System.Security.Cryptography;

namespace PiController.Packaging.Tests;

/// <summary>
/// The apt repository the hub serves at /apt/, checked with apt itself: a Pi adds the hub as a source (CA pinned
/// from the join token, the hub's signing key in Signed-By) and fetches pi-controller-agent from it.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class AptRepositoryTests(PackagesFixture packages)
{
    [PackagingFact("apt-get", "curl", "openssl")]
    public async Task A_Pi_adds_the_hub_as_an_apt_source_and_gets_the_agent_the_hub_package_brings()
    {
        using var hub = await PackagedHub.StartAsync(packages);
        using var client = hub.Client();
        using var work = new TempDirectory();
        var pin = client.JoinToken[4..68];
        var uri = $"https://localhost:{hub.Port}";

        // As in the README: fetch the CA without trusting the connection, accept it only if it hashes to the pin.
        (await Run.Async("curl", "-fsSk", "-o", work.File("hub-ca.crt"), $"{uri}/cacerts")).Ok("curl /cacerts");
        var der = (await Run.Async("sh", "-c", $"openssl x509 -in {work.File("hub-ca.crt")} -outform DER | sha256sum")).Ok("openssl").Output;
        Assert.Equal(pin, der.Split(' ')[0]);
        (await Run.Async("curl", "-fsS", "--cacert", work.File("hub-ca.crt"), "-o", work.File("pi-controller.gpg"), $"{uri}/apt/pi-controller.gpg")).Ok("curl key");

        Directory.CreateDirectory(work.File("sources.list.d"));
        await File.WriteAllTextAsync(work.File("sources.list.d/pi-controller.sources"),
            $"Types: deb\nURIs: {uri}/apt\nSuites: stable\nComponents: main\nSigned-By: {work.File("pi-controller.gpg")}\nCheck-Date: no\n");
        string[] apt =
        [
            "-o", "Dir::Etc::SourceList=/dev/null", "-o", $"Dir::Etc::SourceParts={work.File("sources.list.d")}",
            "-o", $"Dir::State::Lists={work.Directory("lists")}", "-o", $"Dir::Cache={work.Directory("cache")}",
            "-o", "Dir::State::status=/dev/null", "-o", "Debug::NoLocking=1", "-o", "APT::Sandbox::User=root",
            "-o", $"Acquire::https::localhost::CaInfo={work.File("hub-ca.crt")}",
            "-o", "APT::Architecture=arm64", "-o", "APT::Architectures::=arm64",
        ];
        Directory.CreateDirectory(work.File("lists/partial"));
        Directory.CreateDirectory(work.File("cache/archives/partial"));
        var update = (await Run.Async("apt-get", [.. apt, "update"])).Ok("apt-get update");
        Assert.DoesNotContain("W:", update.All, StringComparison.Ordinal);
        Assert.DoesNotContain("NO_PUBKEY", update.All, StringComparison.Ordinal);

        var download = work.Directory("download");
        (await Run.Async("apt-get", [.. apt, "download", "pi-controller-agent"], workingDirectory: download)).Ok("apt-get download");
        var fetched = Path.Join(download, $"pi-controller-agent_{packages.Version}_arm64.deb");
        Assert.Equal(await File.ReadAllBytesAsync(packages.Deb("pi-controller-agent", "arm64")), await File.ReadAllBytesAsync(fetched));
        Assert.Equal(0, await hub.StopAsync());
    }

    [PackagingFact("gpgv")]
    public async Task The_apt_route_needs_no_token_but_serves_nothing_beyond_the_repository()
    {
        using var hub = await PackagedHub.StartAsync(packages);
        using var client = hub.Client();
        using var anonymous = client.Http();
        using var work = new TempDirectory();

        foreach (var file in new[] { "dists/stable/InRelease", "dists/stable/Release", "dists/stable/Release.gpg", "pi-controller.gpg" })
        {
            var response = await anonymous.GetAsync(new Uri("/apt/" + file, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/apt/{file}: {response.StatusCode}");
            await File.WriteAllBytesAsync(work.File(Path.GetFileName(file)), await response.Content.ReadAsByteArrayAsync());
        }
        // The signatures are the hub's own OpenPGP code; gpgv, which apt uses, is the judge.
        (await Run.Async("gpgv", "--keyring", work.File("pi-controller.gpg"), work.File("InRelease"))).Ok("gpgv InRelease");
        (await Run.Async("gpgv", "--keyring", work.File("pi-controller.gpg"), work.File("Release.gpg"), work.File("Release"))).Ok("gpgv Release.gpg");
        var pool = await anonymous.GetAsync(new Uri($"/apt/pool/pi-controller-agent_{packages.Version}_amd64.deb", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pool.StatusCode);
        Assert.Equal(SHA256.HashData(await File.ReadAllBytesAsync(packages.Deb("pi-controller-agent", "amd64"))), SHA256.HashData(await pool.Content.ReadAsByteArrayAsync()));

        foreach (var path in new[] { "/apt/apt-signing.key", "/apt/dists/stable/Release.tmp", "/apt/pool/..%2f..%2fapt-signing.key", "/apt/dists/stable/main/binary-arm64/Packages.gz", "/apt/../admin.token" })
        {
            // A path that leaves /apt/ is normalised before routing and meets the token check of the rest of the hub.
            var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{path}: {response.StatusCode}");
            Assert.DoesNotContain("PRIVATE KEY", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/v1/nodes", UriKind.Relative))).StatusCode);
        var key = new FileInfo(Path.Join(hub.DataDirectory, "apt-signing.key.enc"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, key.UnixFileMode);
        Assert.False(File.Exists(Path.Join(hub.DataDirectory, "apt-signing.key")), "the apt signing key is kept in clear");
    }

    [PackagingFact("gpg", "gpgv", "gpgconf")]
    public async Task Scripts_apt_repo_writes_the_same_index_as_the_hub_for_the_same_packages()
    {
        using var hub = await PackagedHub.StartAsync(packages);
        using var client = hub.Client();
        using var anonymous = client.Http();
        using var work = new TempDirectory();
        var gnupg = work.Directory("gnupg");
        File.SetUnixFileMode(gnupg, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            (await Run.Async("gpg", "--homedir", gnupg, "--batch", "--passphrase", "", "--quick-gen-key", "Fleet repo <repo@example.org>", "rsa3072", "sign", "never")).Ok("gpg --quick-gen-key");
            var repo = work.File("repo");
            (await Run.Async(Repo.Script("apt-repo"), "--gnupghome", gnupg, "--key", "repo@example.org", repo,
                packages.Deb("pi-controller-agent", "amd64"), packages.Deb("pi-controller-agent", "arm64"))).Ok("scripts/apt-repo");

            foreach (var architecture in new[] { "amd64", "arm64" })
            {
                var path = $"dists/stable/main/binary-{architecture}/Packages";
                var served = await anonymous.GetStringAsync(new Uri("/apt/" + path, UriKind.Relative));
                Assert.Contains($"Filename: pool/pi-controller-agent_{packages.Version}_{architecture}.deb\n", served, StringComparison.Ordinal);
                Assert.Equal(served, await File.ReadAllTextAsync(Path.Join(repo, path)));
            }
            static string WithoutDate(string release) => string.Join('\n', release.Split('\n').Where(l => !l.StartsWith("Date:", StringComparison.Ordinal)));
            Assert.Equal(WithoutDate(await anonymous.GetStringAsync(new Uri("/apt/dists/stable/Release", UriKind.Relative))),
                WithoutDate(await File.ReadAllTextAsync(Path.Join(repo, "dists/stable/Release"))));
            (await Run.Async("gpgv", "--keyring", Path.Join(repo, "pi-controller.gpg"), Path.Join(repo, "dists/stable/InRelease"))).Ok("gpgv");

            // A second run with no new file re-indexes the pool to the same Packages.
            var before = await File.ReadAllTextAsync(Path.Join(repo, "dists/stable/main/binary-arm64/Packages"));
            (await Run.Async(Repo.Script("apt-repo"), "--gnupghome", gnupg, "--key", "repo@example.org", repo)).Ok("scripts/apt-repo again");
            Assert.Equal(before, await File.ReadAllTextAsync(Path.Join(repo, "dists/stable/main/binary-arm64/Packages")));
        }
        finally
        {
            await Run.Async("gpgconf", "--homedir", gnupg, "--kill", "gpg-agent");
        }
    }

    [PackagingFact("qemu-aarch64-static")]
    public async Task The_arm64_agent_from_its_package_runs_under_qemu_and_connects_to_the_hub()
    {
        using var hub = await PackagedHub.StartAsync(packages);
        using var client = hub.Client();
        using var work = new TempDirectory();
        var agentRoot = await packages.ExtractAsync(packages.Deb("pi-controller-agent", "arm64"));
        await File.WriteAllTextAsync(work.File("agent.conf"), $"hub = {hub.Address}\ntoken = {client.JoinToken}\nboard = sim\nsim-serial = pkg-arm64\nmdns = off\ndata-dir = {work.Directory("data")}\n");
        using var agent = TestProcess.Start(Repo.Tool("qemu-aarch64-static")!, [Path.Join(agentRoot, "usr/bin/pi-agent"), "--config", work.File("agent.conf")]);

        var node = await client.WaitForConnectedNodeAsync("pkg-arm64", TimeSpan.FromSeconds(120), () => $"agent:\n{agent.Output}\nhub:\n{hub.Output}");
        Assert.Equal("linux-arm64", node.GetProperty("architecture").GetString());
        Assert.Equal(0, await agent.TerminateAsync(TimeSpan.FromSeconds(60)));
    }
}
