using PiController.Hub.Cli;

return await CliMain.RunAsync(args).ConfigureAwait(false);
