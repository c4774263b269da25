namespace PiController.Hub.Security;

/// <summary>Lifetime of the client certificates issued to agents; they rotate before 2/3 of it.</summary>
internal sealed record NodeCertificateOptions(TimeSpan Lifetime);
