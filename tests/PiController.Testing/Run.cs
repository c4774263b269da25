using System.Diagnostics;
using System.Text;

namespace PiController.Testing;

/// <summary>Runs a program to its end (bounded) and keeps what it printed on stdout and stderr apart.</summary>
public static class Run
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;

        /// <summary>Fails the test with everything the program printed unless it exited with 0.</summary>
        public Result Ok(string what) =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"{what} exited with {ExitCode}:\n{Output}\n{Error}");
    }

    /// <summary>
    /// Runs in <paramref name="workingDirectory"/> (the repository's root by default), in the C.UTF-8 locale, without a
    /// terminal; <paramref name="input"/> is written to its stdin (a secret that must not be in argv), else stdin is closed.
    /// </summary>
    public static async Task<Result> Async(string program, IEnumerable<string> arguments, string? workingDirectory = null,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? input = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Repo.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["LC_ALL"] = "C.UTF-8";
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
        }
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout}:\n{await output.ConfigureAwait(false)}\n{await error.ConfigureAwait(false)}");
        }
        return new Result(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    public static Task<Result> Async(string program, params string[] arguments) => Async(program, (IEnumerable<string>)arguments);
}
