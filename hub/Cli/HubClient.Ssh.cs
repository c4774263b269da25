using PiController.Hub.Provisioning.Ssh;

namespace PiController.Hub.Cli;

/// <summary>SSH targets (/api/v1/ssh-targets): the hosts the hub provisions over SSH.</summary>
internal sealed partial class HubClient
{
    private const string SshTargetsPath = "/api/v1/ssh-targets";

    public Task<IReadOnlyList<SshTarget>> ListSshTargetsAsync(CancellationToken cancellationToken) =>
        GetAsync(SshTargetsPath, HubJsonContext.Default.IReadOnlyListSshTarget, cancellationToken);

    public Task<SshTarget> GetSshTargetAsync(string name, CancellationToken cancellationToken) =>
        GetAsync($"{SshTargetsPath}/{Escape(name)}", HubJsonContext.Default.SshTarget, cancellationToken);

    /// <summary>Sends the credentials in the body of one TLS request; the hub seals them at once.</summary>
    public Task<SshTarget> AddSshTargetAsync(SshTargetCreateRequest request, CancellationToken cancellationToken) =>
        PostAsync(SshTargetsPath, request, HubJsonContext.Default.SshTargetCreateRequest, HubJsonContext.Default.SshTarget, cancellationToken);

    public Task<SshTarget> DeleteSshTargetAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"{SshTargetsPath}/{Escape(name)}", HubJsonContext.Default.SshTarget, cancellationToken);

    public Task<SshTarget> AcceptSshHostKeyAsync(string name, string fingerprint, CancellationToken cancellationToken) =>
        PostAsync($"{SshTargetsPath}/{Escape(name)}/accept-key", new SshAcceptKeyRequest(fingerprint), HubJsonContext.Default.SshAcceptKeyRequest,
            HubJsonContext.Default.SshTarget, cancellationToken);

    /// <summary>Has the hub connect once (pinning the host key on first use); as long as the connection takes.</summary>
    public Task<SshCheckResult> CheckSshTargetAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{SshTargetsPath}/{Escape(name)}/check", HubJsonContext.Default.SshCheckResult, cancellationToken);
}
