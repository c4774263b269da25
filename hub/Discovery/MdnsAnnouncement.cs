namespace PiController.Hub.Discovery;

/// <summary>What the hub announces over mDNS besides its CA fingerprint: the port it listens on and its version.</summary>
internal sealed record MdnsAnnouncement(int Port, string HubVersion);
