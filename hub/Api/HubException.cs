namespace PiController.Hub.Api;

/// <summary>
/// A refusal or failure with a <see cref="HubErrorKind"/> and a message a person can act on ("GPIO2 is in use by
/// I2C1 SDA; use another pin, or ..."). The only exception type services throw for expected outcomes; REST and gRPC
/// translate it at their edge.
/// </summary>
internal class HubException(HubErrorKind kind, string message) : Exception(message)
{
    public HubErrorKind Kind { get; } = kind;

    /// <summary>The kind's title for problem details (<see cref="HubErrorKinds.Title"/>): one title per kind.</summary>
    public string Title => HubErrorKinds.Title(Kind);
}
