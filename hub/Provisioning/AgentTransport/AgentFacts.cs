using System.Globalization;
using PiController.Hub.Provisioning.Preflight;
using PiController.Protocol.Link;

namespace PiController.Hub.Provisioning.AgentTransport;

/// <summary>The agent's raw texts as <see cref="PreflightFacts"/>: copied as they are; only the revision code's hex and the clock are read.</summary>
internal static class AgentFacts
{
    /// <param name="texts">What the agent read.</param>
    /// <param name="sent">The hub's clock when it sent the command.</param>
    /// <param name="received">The hub's clock when the answer came.</param>
    /// <param name="otherHostnames">The cluster's other nodes' hostnames.</param>
    public static PreflightFacts From(PreflightFactTexts texts, DateTimeOffset sent, DateTimeOffset received, IReadOnlyList<string> otherHostnames) => new(
        texts.HasArchitecture ? texts.Architecture : null,
        texts.HasRevisionCode && uint.TryParse(texts.RevisionCode, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) ? code : null,
        texts.HasMeminfo ? texts.Meminfo : null,
        texts.HasCgroupControllers ? texts.CgroupControllers : null,
        texts.HasProcCgroups ? texts.ProcCgroups : null,
        texts.HasCmdlinePath ? texts.CmdlinePath : null,
        texts.HasCmdlineText ? texts.CmdlineText : null,
        texts.HasSwaps ? texts.Swaps : null,
        texts.HasIptablesVersion ? texts.IptablesVersion : null,
        texts.HasLoadedModules ? texts.LoadedModules : null,
        texts.HasBuiltinModules ? texts.BuiltinModules : null,
        texts.HasAvailableModules ? texts.AvailableModules : null,
        texts.HasRoutes ? texts.Routes : null,
        ClockSkew(texts, sent, received),
        texts.HasFreeDiskBytes ? texts.FreeDiskBytes : null,
        texts.HasHostname ? texts.Hostname : null,
        otherHostnames,
        texts.HasTcpSockets ? texts.TcpSockets : null,
        texts.HasUdpSockets ? texts.UdpSockets : null,
        texts.HasRootDevice ? texts.RootDevice : null,
        texts.K3SRunning);

    /// <summary>The agent's clock minus the hub's at the middle of the round trip (the agent read its clock somewhere within it).</summary>
    public static TimeSpan? ClockSkew(PreflightFactTexts texts, DateTimeOffset sent, DateTimeOffset received) =>
        texts.AgentClock is { } agent ? agent.ToDateTimeOffset() - (sent + ((received - sent) / 2)) : null;
}
