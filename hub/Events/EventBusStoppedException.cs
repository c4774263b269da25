namespace PiController.Hub.Events;

/// <summary>The hub is stopping; a client reconnects later with <c>since</c> = the last id it saw.</summary>
internal sealed class EventBusStoppedException()
    : Exception("the hub is shutting down; reconnect with since=<last id seen> to resume without loss");
