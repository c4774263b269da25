using System.Security.Cryptography;
using PiController.Testing.Hosts;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// What the provisioning tests share, made once for the collection: five whole hosts (pi1..pi5) with the agent
/// installed from its .deb and enrolled, the hub in the lab's hub namespace, and the stand-in k3s imported into the
/// hub as the K3s binary of <see cref="K3sVersion"/> for amd64, with its own sha256sum file. Each test leaves the
/// hosts without K3s (it deletes its cluster), so the next one starts from clean hosts.
/// </summary>
public sealed class ProvisioningFixture : IAsyncLifetime
{
    public const string K3sVersion = "v1.33.4+k3s1";

    private LabFleet? _fleet;

    public static string? MissingPrerequisite() =>
        HostLab.MissingPrerequisite() ?? AgentPackage.MissingPrerequisite()
        ?? (File.Exists(StandIn) ? null : $"{StandIn} is missing (dotnet publish tests/PiController.K3sStandIn -c Release -r linux-x64 -o artifacts/k3s-standin/linux-x64)");

    /// <summary>The stand-in k3s, published NativeAOT (the hosts have no .NET).</summary>
    public static string StandIn => Repo.K3sStandInPublished;

    public HostLab Lab => _fleet?.Lab ?? throw new InvalidOperationException("the provisioning fixture did not start");

    internal LabHub Hub => _fleet?.Hub ?? throw new InvalidOperationException("the provisioning fixture did not start");

    public TestHost Host(int number) => Lab.Hosts[number - 1];

    /// <summary>The hub's node id of a host (its agent enrolled with the host's own machine-id).</summary>
    public string NodeId(TestHost host) => _fleet!.NodeIds[host.Name];

    public async Task InitializeAsync()
    {
        if (MissingPrerequisite() is not null)
        {
            return;
        }
        _fleet = await LabFleet.StartAsync(5, subnet: 5, name: "pi");
    }

    /// <summary>
    /// `k3s import` of the stand-in as k3s <paramref name="version"/> for amd64 (a copy claiming that release, see
    /// <see cref="StandInRelease"/>) with an images tarball (a tar in docker-save layout with no image: the stand-in
    /// loads none, but nodes without internet must get one), checked against a sha256sum file made for them. A
    /// <paramref name="broken"/> release is a binary that exits at once with an error, as a release that cannot run on
    /// the node does: its unit never comes up.
    /// </summary>
    internal static async Task ImportStandInAsync(LabHub hub, string version = K3sVersion, bool broken = false)
    {
        var directory = TempDirectory.Kept("pi-hosts", "k3s");
        var binary = Path.Join(directory, "k3s");
        if (broken)
        {
            await File.WriteAllTextAsync(binary, $"#!/bin/sh\necho \"k3s {version}: this build cannot run here (a broken release of a test)\" >&2\nexit 1\n");
        }
        else if (version == K3sVersion)
        {
            File.Copy(StandIn, binary);
        }
        else
        {
            StandInRelease.Write(StandIn, version, binary);
        }
        var content = Directory.CreateDirectory(Path.Join(directory, "images")).FullName;
        await File.WriteAllTextAsync(Path.Join(content, "manifest.json"), "[]\n");
        var images = Path.Join(directory, "k3s-airgap-images-amd64.tar");
        (await Run.Async("tar", "-cf", images, "-C", content, "manifest.json")).Ok("tar");
        var sums = new List<string>();
        foreach (var file in new[] { binary, images })
        {
            await using var stream = File.OpenRead(file);
            sums.Add($"{Convert.ToHexStringLower(await SHA256.HashDataAsync(stream))}  {Path.GetFileName(file)}");
        }
        await File.WriteAllLinesAsync(Path.Join(directory, "sha256sum-amd64.txt"), sums);
        await hub.CliAsync("k3s", "import", "--version", version, "--arch", "amd64", "--binary", binary, "--images", images,
            "--checksums", Path.Join(directory, "sha256sum-amd64.txt"));
    }

    public async Task DisposeAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.Lab.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ProvisioningCollection : ICollectionFixture<ProvisioningFixture>
{
    public const string Name = "provisioning hosts";
}
