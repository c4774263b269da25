using PiController.Testing.Lab;

namespace PiController.Network.Tests;

/// <summary>A test that builds network namespaces: it needs root and iproute2, and is skipped without them.</summary>
internal sealed class NetnsFactAttribute : FactAttribute
{
    public NetnsFactAttribute(params string[] programs)
    {
        if (!NetworkLab.CanRun)
        {
            Skip = "needs root and iproute2 (ip netns)";
        }
        else if (programs.FirstOrDefault(p => !File.Exists(p)) is { } missing)
        {
            Skip = $"needs {missing} (scripts/test installs it)";
        }
    }
}

/// <summary>A namespace test that runs only when <c>VARIABLE=1</c> (measurements, not checks).</summary>
internal sealed class OptInNetnsFactAttribute : FactAttribute
{
    public OptInNetnsFactAttribute(string variable)
    {
        Skip = !NetworkLab.CanRun ? "needs root and iproute2 (ip netns)"
            : Environment.GetEnvironmentVariable(variable) != "1" ? $"opt-in: {variable}=1"
            : null;
    }
}
