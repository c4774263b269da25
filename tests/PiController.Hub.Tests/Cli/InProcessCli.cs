using PiController.Hub.Cli;

namespace PiController.Hub.Tests.Cli;

/// <summary>Runs pi-controller's command line in this process, with its output and its standard input redirected.</summary>
internal static class InProcessCli
{
    public sealed record Result(int Code, string Output, string Error);

    public static async Task<Result> RunAsync(string? input, params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using (Terminal.RedirectTo(output, error))
        using (TerminalInput.RedirectFrom(new StringReader(input ?? "")))
        {
            var code = await CliMain.RunAsync(arguments);
            return new Result(code, output.ToString(), error.ToString());
        }
    }

    /// <summary>The pi-controller program beside the tests (a framework-dependent build), as a script a shell can call by name.</summary>
    public static string WriteLauncher(string directory)
    {
        var path = Path.Join(directory, "pi-controller");
        File.WriteAllText(path, $"#!/bin/sh\nexec dotnet '{Path.Join(AppContext.BaseDirectory, "pi-controller.dll")}' \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
