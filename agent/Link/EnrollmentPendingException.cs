namespace PiController.Agent.Link;

/// <summary>
/// The hub knows this node id already, so this enrollment waits until an admin approves its key; the message says
/// exactly what to run on the hub. The agent asks again with the same key until then.
/// </summary>
internal sealed class EnrollmentPendingException(string message) : Exception(message);
