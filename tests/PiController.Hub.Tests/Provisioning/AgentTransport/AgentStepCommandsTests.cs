using Google.Protobuf.WellKnownTypes;
using PiController.Hub.Provisioning.AgentTransport;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Trust;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Provisioning.AgentTransport;

public sealed class AgentStepCommandsTests
{
    private static readonly Lazy<ClusterCa> Ca = new(() => ClusterCa.Create(new DateTimeOffset(2026, 12, 6, 20, 0, 0, TimeSpan.Zero)));
    private static readonly K3sArtifacts Artifacts = new(new string('a', 64), "k3s-airgap-images-arm64.tar.zst", new string('b', 64));
    private static readonly HashSet<string> NothingChanged = [];

    private static IReadOnlyList<InstallStep> Install(K3sRole role, bool first) => K3sInstall.Steps(
        new K3sNodeSpec(role, "pi-01", first ? null : "192.168.1.10", ["192.168.1.10"], new Dictionary<string, string>(), 4096, PreferBundledBin: false),
        new K3sClusterSpec(["traefik"]), Artifacts, Ca.Value, ClusterSecrets.Generate());

    public static TheoryData<string> Plans() => new("first server", "server", "agent", "uninstall server", "uninstall agent");

    private static IReadOnlyList<InstallStep> Plan(string name) => name switch
    {
        "first server" => Install(K3sRole.Server, true),
        "server" => Install(K3sRole.Server, false),
        "agent" => Install(K3sRole.Agent, false),
        "uninstall server" => K3sUninstall.Steps(K3sRole.Server),
        _ => K3sUninstall.Steps(K3sRole.Agent),
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void Every_step_the_hub_builds_is_inside_the_agents_allow_list(string plan)
    {
        var changedEverything = Plan(plan).Select(s => s.Path).OfType<string>().ToHashSet();

        foreach (var step in Plan(plan))
        {
            var (command, _) = AgentStepCommands.For(step, changedEverything)!.Value;
            Assert.True(Allowed(command), $"{step} became {command}, which the agent refuses");
        }
    }

    [Fact]
    public void The_binary_step_is_a_typed_download_with_the_long_deadline()
    {
        var (command, timeout) = AgentStepCommands.For(new PlaceBinary(K3sLayout.Binary, Artifacts.BinarySha256, KeepPrevious: true), NothingChanged)!.Value;

        Assert.Equal(new Command { InstallK3S = new InstallK3s { Binary = new PlaceK3sBinary { Path = "/usr/local/bin/k3s", Sha256 = new string('a', 64), KeepPrevious = true } } }, command);
        Assert.Equal(TimeSpan.FromMinutes(30), timeout);
        Assert.True(timeout > AgentStepCommands.Quick);
    }

    [Fact]
    public void The_env_file_goes_with_its_revealed_content_mode_and_kind()
    {
        var env = Install(K3sRole.Agent, false).OfType<WriteFile>().Single(f => f.Kind == FileKind.Environment);

        var (command, _) = AgentStepCommands.For(env, NothingChanged)!.Value;

        Assert.Equal("/etc/systemd/system/k3s-agent.service.env", command.WriteK3SConfig.Path);
        Assert.Equal(env.Content.Reveal(), command.WriteK3SConfig.Content.ToStringUtf8());
        Assert.Equal(0b110_000_000u, command.WriteK3SConfig.Mode);
        Assert.False(command.WriteK3SConfig.OnlyIfAbsent);
    }

    [Fact]
    public void The_CA_files_are_sent_only_if_absent()
    {
        var trust = Install(K3sRole.Server, true).OfType<WriteFile>().Where(f => f.Kind == FileKind.Trust).ToList();

        Assert.Equal(11, trust.Count);
        Assert.All(trust, t => Assert.True(AgentStepCommands.For(t, NothingChanged)!.Value.Command.WriteK3SConfig.OnlyIfAbsent));
    }

    [Fact]
    public void A_restart_is_sent_only_when_a_watched_path_changed_in_this_run()
    {
        var restart = new RestartIfChanged("k3s", [K3sLayout.Binary, K3sLayout.ConfigFile]);

        Assert.Null(AgentStepCommands.For(restart, new HashSet<string> { "/usr/local/bin/kubectl" }));
        Assert.Equal(new Command { ServiceControl = new ServiceControl { Action = ServiceControl.Types.Action.Restart, Unit = "k3s" } },
            AgentStepCommands.For(restart, new HashSet<string> { K3sLayout.ConfigFile })!.Value.Command);
    }

    [Fact]
    public void The_uninstall_steps_are_typed_messages()
    {
        var commands = K3sUninstall.Steps(K3sRole.Agent).Select(s => AgentStepCommands.For(s, NothingChanged)!.Value.Command.ToString()).Take(4);

        Assert.Equal(
        [
            """{ "serviceControl": { "action": "DISABLE_NOW", "unit": "k3s-agent" } }""",
            """{ "uninstallK3s": { "killContainerShims": "/var/lib/rancher/k3s" } }""",
            """{ "uninstallK3s": { "unmountUnder": "/run/k3s" } }""",
            """{ "uninstallK3s": { "unmountUnder": "/var/lib/kubelet/pods" } }""",
        ], commands);
    }

    [Fact]
    public void The_clock_skew_is_the_agents_clock_minus_the_middle_of_the_round_trip()
    {
        var sent = new DateTimeOffset(2026, 12, 6, 23, 0, 0, TimeSpan.Zero);
        var texts = new PreflightFactTexts { AgentClock = Timestamp.FromDateTimeOffset(sent.AddSeconds(95)), RevisionCode = "c03114", Hostname = "pi-01" };

        var facts = AgentFacts.From(texts, sent, sent.AddSeconds(10), ["pi-02"]);

        Assert.Equal(TimeSpan.FromSeconds(90), facts.ClockSkew);
        Assert.Equal(0xc03114u, facts.RevisionCode);
        Assert.Equal("pi-01", facts.Hostname);
        Assert.Equal(["pi-02"], facts.OtherHostnames);
        Assert.Null(facts.MemInfo);
        Assert.Null(facts.FreeDiskBytes);
    }

    /// <summary>The agent's allow-list (K3sPaths), read as the agent reads it.</summary>
    private static bool Allowed(Command command) => command.OpCase switch
    {
        Command.OpOneofCase.InstallK3S => command.InstallK3S.WhatCase switch
        {
            InstallK3s.WhatOneofCase.Binary => command.InstallK3S.Binary.Path == K3sPaths.Binary,
            InstallK3s.WhatOneofCase.Images => K3sPaths.IsImagesFile(command.InstallK3S.Images.Path),
            _ => K3sPaths.Symlinks.Contains(command.InstallK3S.Symlink.Path) && command.InstallK3S.Symlink.Target == "k3s",
        },
        Command.OpOneofCase.WriteK3SConfig => K3sPaths.IsWritableFile(command.WriteK3SConfig.Path) &&
            (command.WriteK3SConfig.OnlyIfAbsent || !K3sPaths.TrustFiles.Contains(command.WriteK3SConfig.Path)) && (command.WriteK3SConfig.Mode & ~0b111_101_101u) == 0,
        Command.OpOneofCase.ServiceControl => command.ServiceControl.Action == ServiceControl.Types.Action.DaemonReload || K3sPaths.Units.Contains(command.ServiceControl.Unit),
        Command.OpOneofCase.UninstallK3S => command.UninstallK3S.StepCase switch
        {
            UninstallK3s.StepOneofCase.KillContainerShims => command.UninstallK3S.KillContainerShims == K3sPaths.DataDirectory,
            UninstallK3s.StepOneofCase.UnmountUnder => K3sPaths.MountPrefixes.Contains(command.UninstallK3S.UnmountUnder),
            UninstallK3s.StepOneofCase.DeleteNetworkNamespaces => command.UninstallK3S.DeleteNetworkNamespaces == "cni-",
            UninstallK3s.StepOneofCase.DeleteNetworkInterface => K3sPaths.Interfaces.Contains(command.UninstallK3S.DeleteNetworkInterface),
            UninstallK3s.StepOneofCase.DeleteBridgePorts => command.UninstallK3S.DeleteBridgePorts == "cni0",
            UninstallK3s.StepOneofCase.RemoveFirewallRules => command.UninstallK3S.RemoveFirewallRules.Markers.All(K3sPaths.FirewallMarkers.Contains),
            UninstallK3s.StepOneofCase.RemoveFile => K3sPaths.IsRemovableFile(command.UninstallK3S.RemoveFile.Path),
            UninstallK3s.StepOneofCase.RemoveDirectory => K3sPaths.Directories.Contains(command.UninstallK3S.RemoveDirectory),
            _ => false,
        },
        _ => false,
    };
}
