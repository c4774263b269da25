using System.Diagnostics;

namespace PiController.Agent.K3s;

/// <summary>
/// Runs one of the few host tools the K3s steps need (systemctl, ip, iptables-save/-restore, umount, systemd-run) by
/// its absolute path and a fixed argument list built from typed values: never a shell, never a command line string,
/// never a secret in the arguments (a secret goes on standard input).
/// </summary>
internal static class HostTool
{
    private static readonly string[] Directories = ["/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>The tool's absolute path, or null when the host has none.</summary>
    public static string? Find(string name) => Directories.Select(d => Path.Join(d, name)).FirstOrDefault(File.Exists);

    public static Task<HostToolResult> RunAsync(string name, IReadOnlyList<string> arguments, CancellationToken cancellationToken, byte[]? input = null) =>
        RunPathAsync(Find(name) ?? throw K3sStepException.Precondition($"this node has no {name} (looked in {string.Join(", ", Directories)}); install it and run the plan again"),
            arguments, cancellationToken, input);

    /// <summary>Runs the program at the absolute <paramref name="path"/> (K3s's own binary) the same way: fixed arguments, no shell.</summary>
    public static async Task<HostToolResult> RunPathAsync(string path, IReadOnlyList<string> arguments, CancellationToken cancellationToken, byte[]? input = null)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw K3sStepException.Precondition($"cannot start {path}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw K3sStepException.Precondition($"cannot start {path}: {e.Message}");
        }
        using var started = process;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        if (input is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(input, cancellationToken).ConfigureAwait(false);
        }
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new HostToolResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    /// <summary>Runs the tool and throws with its stderr (its lines joined into one, as the hub shows an error) when it fails.</summary>
    public static async Task<string> RunCheckedAsync(string name, IReadOnlyList<string> arguments, CancellationToken cancellationToken, byte[]? input = null)
    {
        var result = await RunAsync(name, arguments, cancellationToken, input).ConfigureAwait(false);
        return result.Succeeded
            ? result.Output
            : throw new K3sStepException(Protocol.Link.CommandError.Types.Code.Internal,
                $"{name} {string.Join(' ', arguments)} failed (exit {result.ExitCode}): {string.Join(' ', result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");
    }
}
