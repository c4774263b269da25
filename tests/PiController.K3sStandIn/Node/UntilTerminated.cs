using System.Runtime.InteropServices;

namespace PiController.K3sStandIn.Node;

/// <summary>Waits for SIGTERM or SIGINT (systemctl stop; Ctrl-C), as a service does.</summary>
internal static class UntilTerminated
{
    public static async Task WaitAsync()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.TrySetResult();
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        await stopped.Task;
    }
}
