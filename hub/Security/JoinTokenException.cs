namespace PiController.Hub.Security;

/// <summary>A join token that cannot be used; the message says why (unknown, wrong, expired, used up, revoked).</summary>
internal sealed class JoinTokenException(string message) : Exception(message);
