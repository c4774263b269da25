namespace PiController.Agent.K3s;

/// <summary>What a host tool printed and how it ended.</summary>
internal sealed record HostToolResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}
