namespace PiController.Hub.Provisioning.Ssh;

/// <summary>One hop of a connection: a target and its opened credentials (jump hosts first, the target last).</summary>
internal sealed record SshHop(SshTarget Target, SshCredentials Credentials);
