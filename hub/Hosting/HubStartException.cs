namespace PiController.Hub.Hosting;

/// <summary>The hub cannot start from its data directory; the message says what to restore. The CLI prints it as one line.</summary>
internal sealed class HubStartException(string message, Exception inner) : Exception(message, inner);
