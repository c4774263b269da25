using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using PiController.Agent;
using PiController.Agent.Configuration;
using PiController.Agent.K3s;
using PiController.Agent.Platform;

if (args.Length > 0 && args[0] == K3sHostSteps.Verb)
{
    return await K3sHostStepMain.RunAsync(args, CancellationToken.None).ConfigureAwait(false);
}

AgentOptions? options;
try
{
    options = AgentCommandLine.Parse(args, Environment.GetEnvironmentVariable, Console.Out);
}
catch (ConfigException e)
{
    await Console.Error.WriteLineAsync($"pi-agent: {e.Message}").ConfigureAwait(false);
    return 2;
}
if (options is null)
{
    return 0;
}

using var loggers = ConsoleLog.Create(options.LogLevel switch
{
    "trace" => LogLevel.Trace,
    "debug" => LogLevel.Debug,
    "warning" => LogLevel.Warning,
    "error" => LogLevel.Error,
    _ => LogLevel.Information,
});

using var stopping = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

return await AgentHost.RunAsync(options, loggers, stopping.Token).ConfigureAwait(false);
