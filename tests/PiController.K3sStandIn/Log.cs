namespace PiController.K3sStandIn;

/// <summary>
/// Log lines on stderr in the format K3s (logrus without a terminal) uses: <c>time="..." level=info msg="..."</c>,
/// so that journal greps written for K3s read the stand-in too. No secret is ever passed here.
/// </summary>
internal static class Log
{
    public static void Info(string message) => Write("info", message);

    public static void Warn(string message) => Write("warning", message);

    public static void Error(string message) => Write("error", message);

    /// <summary>Logs at level fatal (as K3s does before it exits 1) and returns the exit code 1.</summary>
    public static int Fatal(string message)
    {
        Write("fatal", message);
        return 1;
    }

    private static void Write(string level, string message) =>
        Console.Error.WriteLine($"time=\"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}\" level={level} msg=\"{message.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
}
