namespace PiController.Hub.Cli;

/// <summary>
/// An error the CLI prints as one line and exits non-zero. <c>NotFound</c>: the hub answered that the thing asked
/// for does not exist (<c>delete --ignore-not-found</c> and <c>diff</c> act on it).
/// </summary>
internal sealed class CliException(string message, bool notFound = false) : Exception(message)
{
    public bool NotFound => notFound;
}
