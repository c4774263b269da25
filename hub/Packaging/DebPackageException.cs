namespace PiController.Hub.Packaging;

/// <summary>A file that cannot be put into the apt repository, with a message that says why.</summary>
internal sealed class DebPackageException(string message) : Exception(message);
