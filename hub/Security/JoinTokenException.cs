using PiController.Hub.Api;

namespace PiController.Hub.Security;

/// <summary>
/// A join token that cannot be used; the message says why (unknown, wrong, expired, used up, revoked). Forbidden:
/// enrollment counts it as a failed attempt of its source.
/// </summary>
internal sealed class JoinTokenException(string message) : HubException(HubErrorKind.Forbidden, message);
