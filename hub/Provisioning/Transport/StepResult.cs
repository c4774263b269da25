namespace PiController.Hub.Provisioning.Transport;

/// <summary>What one step did on a node: kept for every step of a plan (stdout, stderr and exit code over SSH; the agent's own words through the agent).</summary>
/// <param name="Succeeded">False: the step failed; <paramref name="Error"/> says why.</param>
/// <param name="Changed">The step changed the node (false: it was already so).</param>
/// <param name="Output">What the step printed, or the agent's account of what it did.</param>
/// <param name="Error">stderr, or the agent's reason for a failure.</param>
/// <param name="ExitCode">The exit code of the command over SSH; null through the agent.</param>
internal sealed record StepResult(bool Succeeded, bool Changed, string Output, string Error, int? ExitCode)
{
    public static StepResult Done(bool changed, string output = "") => new(true, changed, output, "", null);

    public static StepResult Failed(string error, string output = "", int? exitCode = null) => new(false, false, output, error, exitCode);
}
