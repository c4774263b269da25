namespace PiController.Hub.Agents;

/// <summary>What the link tells and expects of agents; set from the hub's options at start.</summary>
internal sealed record AgentLinkOptions(TimeSpan HeartbeatInterval, TimeSpan HelloTimeout, string HubVersion);
