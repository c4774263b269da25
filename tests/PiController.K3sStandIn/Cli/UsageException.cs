namespace PiController.K3sStandIn.Cli;

/// <summary>A command line or configuration the stand-in refuses, with the one line that says what to change.</summary>
internal sealed class UsageException(string message) : Exception(message);
