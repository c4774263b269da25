namespace PiController.EndToEnd.Tests;

/// <summary>
/// A test of the linux-arm64 NativeAOT agent under qemu-user. It runs when scripts/test has published that
/// binary (PI_AGENT_BINARY_ARM64) and qemu-aarch64-static is installed; otherwise it is reported as skipped.
/// </summary>
public sealed class Arm64FactAttribute : FactAttribute
{
    public const string Qemu = "/usr/bin/qemu-aarch64-static";

    public Arm64FactAttribute()
    {
        if (Environment.GetEnvironmentVariable("PI_AGENT_BINARY_ARM64") is not { Length: > 0 } binary || !File.Exists(binary))
        {
            Skip = "PI_AGENT_BINARY_ARM64 is not set (scripts/test publishes the arm64 agent and sets it)";
        }
        else if (!File.Exists(Qemu))
        {
            Skip = "qemu-user-static is not installed (scripts/test installs it)";
        }
    }
}
