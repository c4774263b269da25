using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Adoption;

/// <summary>
/// One step of an adoption as it runs over SSH, as root the target's way: what it does in words, its exact POSIX sh
/// script, and what goes to its stdin after sudo's password line (a file's text, or nothing). The join token only
/// ever travels as <paramref name="Content"/>, never in <paramref name="Script"/>.
/// </summary>
/// <param name="Description">What the step does, for events and the CLI.</param>
/// <param name="Script">The script; its last line of output says whether it changed the host.</param>
/// <param name="Content">The file's text for stdin, or null.</param>
internal sealed record AdoptionStep(string Description, string Script, FileContent? Content = null);
