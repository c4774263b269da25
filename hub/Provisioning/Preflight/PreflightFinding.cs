namespace PiController.Hub.Provisioning.Preflight;

/// <summary>How a finding weighs on the plan: ok, a warning shown in the plan, or a refusal that stops this node.</summary>
internal enum FindingLevel
{
    Ok,
    Warning,
    Refusal,
}

/// <summary>
/// One check's verdict on one node: which check, how it weighs, a message a person can act on, and the fix the hub
/// may apply with the user's consent (<c>--fix</c>), when there is one.
/// </summary>
internal sealed record PreflightFinding(string Check, FindingLevel Level, string Message, CmdlineFix? Fix = null);

/// <summary>
/// The one fix that needs a reboot: cmdline.txt rewritten as <paramref name="NewLine"/> (the firmware reads only its
/// first line, so the file becomes that single line), then a reboot; the plan waits for the node to come back.
/// </summary>
internal sealed record CmdlineFix(string Path, string NewLine)
{
    public const bool NeedsReboot = true;
}
