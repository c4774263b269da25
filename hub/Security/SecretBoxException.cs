namespace PiController.Hub.Security;

/// <summary>A sealed secret that cannot be opened; the message says why (truncated, other key, altered, unknown version).</summary>
internal sealed class SecretBoxException(string message) : Exception(message);
