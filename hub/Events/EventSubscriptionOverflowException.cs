namespace PiController.Hub.Events;

/// <summary>The subscriber fell too far behind; it can subscribe again with <c>since</c> = the last id it saw.</summary>
internal sealed class EventSubscriptionOverflowException(int capacity)
    : Exception($"the client fell more than {capacity} events behind; reconnect with since=<last id seen> to resume without loss");
