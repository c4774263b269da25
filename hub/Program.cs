using System.CommandLine;
using PiController.Hub.Cli;

var parse = HubCommandLine.Build().Parse(args);
try
{
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
}
catch (CliException e)
{
    await Console.Error.WriteLineAsync($"pi-controller: {e.Message}").ConfigureAwait(false);
    return 1;
}
catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
{
    await Console.Error.WriteLineAsync($"pi-controller: cannot listen: {e.Message}; is another hub running? Use --port to pick another port").ConfigureAwait(false);
    return 1;
}
