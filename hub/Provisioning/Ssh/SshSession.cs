using System.Net.Sockets;
using PiController.Hub.Provisioning.Transport;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>
/// An open SSH connection to a target, through its jump hosts (ProxyJump): each hop after the first is reached by a
/// direct-tcpip channel of the hop before, forwarded from a port on the hub's loopback only. Every hop's host key is
/// checked against its own pin (<see cref="HostKeyPin"/>) during key exchange, before any credential is sent.
/// </summary>
internal sealed class SshSession : IDisposable
{
    private readonly List<SshClient> _clients = [];
    private readonly List<ForwardedPortLocal> _forwards = [];

    private SshSession()
    {
    }

    private SshClient Client => _clients[^1];

    /// <param name="hops">Jump hosts first, the target last.</param>
    /// <param name="options">Timeouts and keepalives.</param>
    /// <param name="pin">Records a key seen on first use, or the algorithm of a key accepted by fingerprint: (target, algorithm, fingerprint).</param>
    /// <param name="cancellationToken">Ends the attempt.</param>
    public static async Task<SshSession> OpenAsync(IReadOnlyList<SshHop> hops, SshTransportOptions options, Action<SshTarget, string, string> pin,
        CancellationToken cancellationToken)
    {
        var session = new SshSession();
        try
        {
            foreach (var hop in hops)
            {
                var (host, port) = (hop.Target.Host, hop.Target.Port);
                if (session._clients.Count > 0)
                {
                    var forward = new ForwardedPortLocal("127.0.0.1", 0, hop.Target.Host, (uint)hop.Target.Port);
                    session.Client.AddForwardedPort(forward);
                    forward.Start();
                    session._forwards.Add(forward);
                    (host, port) = ("127.0.0.1", (int)forward.BoundPort);
                }
                session._clients.Add(await ConnectAsync(hop, host, port, options, pin, cancellationToken).ConfigureAwait(false));
            }
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="commandLine"/>; <paramref name="input"/> writes its stdin (closed after it, so the command sees its end).</summary>
    public async Task<SshRun> RunAsync(string commandLine, Func<Stream, CancellationToken, Task>? input, CancellationToken cancellationToken)
    {
        using var command = Client.CreateCommand(input is null ? commandLine : DrainingStdin(commandLine));
        try
        {
            var execution = command.ExecuteAsync(cancellationToken);
            using (var stdin = command.CreateInputStream())
            {
                if (input is not null)
                {
                    await input(stdin, cancellationToken).ConfigureAwait(false);
                }
            }
            await execution.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SshConnectionException or SocketException or ObjectDisposedException || (e is IOException && !cancellationToken.IsCancellationRequested))
        {
            throw new NodeUnreachableException($"the SSH connection was lost ({e.Message}); check the host and run again", e);
        }
        return new SshRun(command.ExitStatus, command.Result, command.Error);
    }

    /// <summary>
    /// For a command given input: the command, then a read of what is left of stdin up to its end, keeping the
    /// command's exit status. The channel then closes only after the hub's end-of-input has arrived: a command that
    /// ends before it (one that reads only sudo's password line) would otherwise close the channel first, and the
    /// end-of-input sent after that makes sshd drop the whole connection ("eof packet referred to nonexistent
    /// channel"). A command without input gets its end-of-input at once, before it can end.
    /// </summary>
    internal static string DrainingStdin(string commandLine) => $"{commandLine}; rc=$?; cat >/dev/null; exit $rc";

    public void Dispose()
    {
        for (var i = _clients.Count - 1; i >= 0; i--)
        {
            if (i < _forwards.Count)
            {
                _forwards[i].Dispose();
            }
            _clients[i].Dispose();
        }
    }

    private static async Task<SshClient> ConnectAsync(SshHop hop, string host, int port, SshTransportOptions options,
        Action<SshTarget, string, string> pin, CancellationToken cancellationToken)
    {
        var target = hop.Target;
        var info = new Renci.SshNet.ConnectionInfo(host, port, target.User, Authentication(target.User, hop.Credentials)) { Timeout = options.ConnectTimeout };
        var client = new SshClient(info) { KeepAliveInterval = options.KeepAlive };
        string? changed = null;
        client.HostKeyReceived += (_, e) =>
        {
            var fingerprint = HostKeyPin.Fingerprint(e.FingerPrintSHA256);
            switch (HostKeyPin.Judge(target.HostKey, fingerprint))
            {
                case HostKeyPin.Verdict.FirstUse:
                    pin(target, e.HostKeyName, fingerprint);
                    e.CanTrust = true;
                    break;
                case HostKeyPin.Verdict.Match:
                    if (target.HostKey!.Algorithm.Length == 0)
                    {
                        // Accepted by fingerprint alone: record the algorithm now that the key is seen.
                        pin(target, e.HostKeyName, fingerprint);
                    }
                    e.CanTrust = true;
                    break;
                default:
                    changed = HostKeyPin.ChangedMessage(target, e.HostKeyName, fingerprint);
                    e.CanTrust = false;
                    break;
            }
        };
        using var timeout = new CancellationTokenSource(options.ConnectTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await client.ConnectAsync(linked.Token).ConfigureAwait(false);
            return client;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw Unreachable(target, e, changed);
        }
    }

    private static NodeUnreachableException Unreachable(SshTarget target, Exception e, string? changedKey) => changedKey is not null
        ? new NodeUnreachableException(changedKey, e)
        : e switch
        {
            SshAuthenticationException => new NodeUnreachableException(
                $"ssh target {target.Name} ({target.Address}) refused the {target.Auth} of {target.User} ({e.Message}); " +
                $"give it the right credentials: pi-controller ssh rm {target.Name}, then pi-controller ssh add {target.Name} again", e),
            SocketException or SshOperationTimeoutException or OperationCanceledException or TimeoutException => new NodeUnreachableException(
                $"cannot reach ssh target {target.Name} at {target.Host}:{target.Port} ({e.Message}); check that the host is on and sshd listens there (pi-controller ssh get {target.Name})", e),
            _ => new NodeUnreachableException($"the SSH connection to {target.Name} ({target.Address}) failed: {e.Message}", e),
        };

    private static AuthenticationMethod[] Authentication(string user, SshCredentials credentials)
    {
        if (credentials.PrivateKey is { } key)
        {
            return [new PrivateKeyAuthenticationMethod(user, SshKeys.Read(key))];
        }
        var password = credentials.Password!;
        var interactive = new KeyboardInteractiveAuthenticationMethod(user);
        interactive.AuthenticationPrompt += (_, e) =>
        {
            foreach (var prompt in e.Prompts)
            {
                prompt.Response = password;
            }
        };
        // sshd with PAM offers keyboard-interactive where others offer password: either carries the same password.
        return [new PasswordAuthenticationMethod(user, password), interactive];
    }
}
