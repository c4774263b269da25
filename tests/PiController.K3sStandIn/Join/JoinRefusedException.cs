namespace PiController.K3sStandIn.Join;

/// <summary>The cluster refused this node (wrong CA hash, wrong password), or never answered in time: K3s's message.</summary>
internal sealed class JoinRefusedException(string message) : Exception(message);
