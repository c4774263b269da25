namespace PiController.Protocol.Trust;

/// <summary>The hub could not be trusted; the message says why and what was expected.</summary>
public sealed class HubTrustException(string message) : Exception(message);
