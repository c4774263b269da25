namespace PiController.Hub.Cli.Input;

/// <summary>
/// A file given to <c>apply</c>, <c>delete</c> or <c>diff</c> cannot be used; the message says where (file, document,
/// line) and what is wrong. The verbs turn it into a <see cref="CliException"/> before anything reaches the hub.
/// </summary>
internal sealed class InputException(string message) : Exception(message);
