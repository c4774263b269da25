using PiController.K3sStandIn;

// argv[0] as the kernel got it (a link's own name, as install.sh's kubectl -> k3s): .NET's own first argument is the
// resolved program, or the .dll under the JIT host.
var invokedAs = File.ReadAllText("/proc/self/cmdline").Split('\0')[0];
return await Commands.RunAsync(invokedAs, args);
