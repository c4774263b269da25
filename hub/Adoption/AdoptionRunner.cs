using PiController.Hub.Agents;
using PiController.Hub.Provisioning.Ssh;
using PiController.Hub.Security;

namespace PiController.Hub.Adoption;

/// <summary>
/// Runs an adoption's steps in the background, one after the other over the one SSH connection the checks opened,
/// then waits (bounded by <see cref="AdoptionOptions.EnrollTimeout"/>) until the node has used its join token and is
/// connected. A failed step stops the adoption with its stderr; the token is revoked then, so it never outlives a
/// failure. Text from the Pi is scrubbed of the token before it reaches an event or the log.
/// </summary>
internal sealed class AdoptionRunner(AdoptionOptions options, AdoptionRuns runs, AdoptionEvents events, JoinTokenStore tokens, AgentRegistry agents,
    IHostApplicationLifetime lifetime, TimeProvider time, ILogger<AdoptionRunner> logger)
{
    public AdoptionOptions Options => options;

    public void Start(AdoptionView view, SshTransport transport, IReadOnlyList<AdoptionStep> steps, JoinToken token) =>
        _ = Task.Run(() => RunAsync(view, transport, steps, token, lifetime.ApplicationStopping));

    private async Task RunAsync(AdoptionView view, SshTransport transport, IReadOnlyList<AdoptionStep> steps, JoinToken token, CancellationToken stopping)
    {
        AdoptionLog.Started(logger, view.Name, view.Address, view.Architecture, view.NodeId, view.HostKey);
        events.Changed(view, $"adopting {view.Address} ({view.Architecture}) as node {view.NodeId}; host key {view.HostKey}");
        var count = steps.Count + 1;
        try
        {
            await using (transport.ConfigureAwait(false))
            {
                for (var i = 0; i < steps.Count; i++)
                {
                    var step = steps[i];
                    view = Update(view with { Step = step.Description });
                    events.Step(view, i, count, step.Description, "running");
                    var run = await transport.RunScriptAsync(step.Script, asRoot: true, step.Content, stopping).ConfigureAwait(false);
                    AdoptionLog.Step(logger, view.Name, i + 1, step.Description, run.ExitCode);
                    var result = SshTransport.Result(run);
                    var output = Scrub(result.Output, token);
                    var error = Scrub(result.Error, token);
                    if (!result.Succeeded)
                    {
                        events.Step(view, i, count, step.Description, "failed", output: output, error: error);
                        Fail(view, token, $"{step.Description} failed: {error.Trim()}",
                            $"fix it on the Pi ({view.Address}), then run the same pi-controller adopt again (every step is safe to repeat; the ssh target {view.Name} is kept)");
                        return;
                    }
                    events.Step(view, i, count, step.Description, "done", result.Changed, output, error);
                }
            }
            await WaitForNodeAsync(view, count, token, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            Fail(view, token, Scrub(e.Message, token), $"check the Pi ({view.Address}), then run the same pi-controller adopt again");
        }
        catch (OperationCanceledException)
        {
            Fail(view, token, "the hub stopped during the adoption", "run the same pi-controller adopt again");
        }
    }

    private async Task WaitForNodeAsync(AdoptionView view, int count, JoinToken token, CancellationToken stopping)
    {
        var description = $"wait until node {view.NodeId} enrolls and connects (at most {options.EnrollTimeout.TotalSeconds:0} s)";
        view = Update(view with { Step = description });
        events.Step(view, count - 1, count, description, "running");
        var deadline = time.GetUtcNow() + options.EnrollTimeout;
        while (!(agents.IsConnected(view.NodeId) && tokens.Find(token.Id) is { Uses: > 0 }))
        {
            if (time.GetUtcNow() >= deadline)
            {
                var used = tokens.Find(token.Id) is { Uses: > 0 };
                var error = used
                    ? $"node {view.NodeId} enrolled but did not connect within {options.EnrollTimeout.TotalSeconds:0} s"
                    : $"node {view.NodeId} did not enroll within {options.EnrollTimeout.TotalSeconds:0} s";
                events.Step(view, count - 1, count, description, "failed", error: error);
                Fail(view, token, error, used
                    ? $"see the agent's log on the Pi (journalctl -u {AdoptionScripts.Unit}) and pi-controller nodes get {view.NodeId}"
                    : $"see the agent's log on the Pi (journalctl -u {AdoptionScripts.Unit}); a node enrolled here before waits for an admin: pi-controller nodes pending");
                return;
            }
            await Task.Delay(options.PollInterval, time, stopping).ConfigureAwait(false);
        }
        events.Step(view, count - 1, count, description, "done", changed: true, output: $"node {view.NodeId} is connected");
        view = Update(view with { State = AdoptionStates.Enrolled, FinishedAt = time.GetUtcNow() });
        AdoptionLog.Enrolled(logger, view.Name, view.NodeId);
        events.Changed(view, $"node {view.NodeId} ({view.Hostname}) enrolled and connected; from now on it is managed through its agent");
    }

    private void Fail(AdoptionView view, JoinToken token, string error, string next)
    {
        tokens.Revoke(token.Id);
        view = Update(view with { State = AdoptionStates.Failed, Error = error, NextAction = next, FinishedAt = time.GetUtcNow() });
        AdoptionLog.Failed(logger, view.Name, error);
        events.Changed(view, $"{error}; next: {next}");
    }

    private AdoptionView Update(AdoptionView view)
    {
        runs.Set(view);
        return view;
    }

    private static string Scrub(string text, JoinToken token) => text
        .Replace(token.ToString(), Provisioning.Trust.Secret.Mask, StringComparison.Ordinal)
        .Replace(token.Secret, Provisioning.Trust.Secret.Mask, StringComparison.Ordinal);
}
