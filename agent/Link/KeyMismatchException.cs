namespace PiController.Agent.Link;

/// <summary>node.crt and node.key on disk do not belong together; the message names both.</summary>
internal sealed class KeyMismatchException(string message) : Exception(message);
