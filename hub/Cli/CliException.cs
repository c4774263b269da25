namespace PiController.Hub.Cli;

/// <summary>An error the CLI prints as one line and exits non-zero.</summary>
internal sealed class CliException(string message) : Exception(message);
