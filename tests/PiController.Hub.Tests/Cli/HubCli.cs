using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Cli;
using PiController.Hub.Security;
using PiController.Protocol.Trust;

namespace PiController.Hub.Tests.Cli;

/// <summary>The CLI run in-process (<see cref="InProcessCli"/>) against an <see cref="InProcessHub"/> with a token, its output captured.</summary>
internal sealed class HubCli(InProcessHub hub, string token)
{
    private string[] Connection => ["--hub", $"https://127.0.0.1:{hub.Options.Port}",
        "--ca-fingerprint", HubTrust.Fingerprint(hub.App.Services.GetRequiredService<CertificateAuthority>().Certificate), "--token", token];

    /// <summary>One command line to its end: exit code, stdout and stderr.</summary>
    public Task<(int Code, string Output, string Error)> RunAsync(params string[] arguments) => RunWithInputAsync(null, arguments);

    /// <summary>One command line with <paramref name="stdin"/> as its standard input (<c>apply -f -</c>).</summary>
    public async Task<(int Code, string Output, string Error)> RunWithInputAsync(string? stdin, params string[] arguments)
    {
        var result = await InProcessCli.RunAsync(stdin, [.. arguments, .. Connection]);
        return (result.Code, result.Output.ReplaceLineEndings("\n"), result.Error.ReplaceLineEndings("\n"));
    }

    /// <summary>Stdout of a command that must succeed.</summary>
    public async Task<string> OkAsync(params string[] arguments)
    {
        var (code, output, error) = await RunAsync(arguments);
        Assert.True(code == 0, $"pi-controller {string.Join(' ', arguments)}: exit code {code}\n{error}");
        return output;
    }

    /// <summary>A command that runs until <paramref name="stop"/> (a watch), writing into <paramref name="output"/>.</summary>
    public Task<int> StartAsync(TextWriter output, CancellationToken stop, params string[] arguments) => Task.Run(async () =>
    {
        using (Terminal.RedirectTo(output, output))
        {
            var parse = HubCommandLine.Build().Parse([.. arguments, .. Connection]);
            Assert.Empty(parse.Errors);
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = output }, stop);
        }
    });
}
